package dev.arbiter.text;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex_match}: 1 when the answer matches a regular expression, else 0. The pattern comes from the spec
 * ({@code pattern}) or, when the spec has none, from the sample's reference (each reference answer is a pattern;
 * any match scores 1). Matching reads the text through the deadline, so catastrophic backtracking ends as a
 * timeout instead of a stuck thread.
 */
public record RegexMatch(Pattern fixed, int flags, boolean full, AnswerExtraction extraction, String answerTag,
                         RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        List<Pattern> patterns;
        if (fixed != null) {
            patterns = List.of(fixed);
        } else {
            patterns = References.answers(sample.reference()).stream().map(this::compile).toList();
        }
        Optional<String> answer = extraction.extract(response, answerTag, deadline);
        if (answer.isEmpty()) {
            return RewardResult.ok(0.0, "no answer found (extract=" + extraction.specName() + ")");
        }
        CharSequence text = deadline.guard(answer.get());
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            boolean hit = full ? m.matches() : m.find();
            if (hit) {
                return RewardResult.ok(1.0, "matches /" + p.pattern() + "/").withDetail("match",
                        ExactMatch.abbreviate(m.group()));
            }
        }
        return RewardResult.ok(0.0, "no pattern matches");
    }

    private Pattern compile(String regex) {
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException("the reference is not a valid regular expression: " + e.getDescription());
        }
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "regex_match"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String description() {
            return "1 if the answer matches the spec's pattern (or the reference as a pattern), else 0.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("pattern", ParamKind.STRING, null,
                            "Java regular expression; when absent each reference answer is the pattern"),
                    Param.choice("mode", "search", List.of("search", "full"),
                            "search: a match anywhere; full: the whole answer must match"),
                    Param.optional("ignore_case", ParamKind.BOOL, false, "case-insensitive matching"),
                    Param.optional("dotall", ParamKind.BOOL, false, "'.' also matches newlines"),
                    Param.choice("extract", "none", AnswerExtraction.specNames(), "where the answer is"),
                    Param.optional("answer_tag", ParamKind.STRING, "answer", "tag name used by extract=answer_tag"));
        }

        @Override
        public Reward create(Params p) {
            int flags = (p.bool("ignore_case") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                    | (p.bool("dotall") ? Pattern.DOTALL : 0);
            Pattern fixed = null;
            if (p.isSet("pattern")) {
                try {
                    fixed = Pattern.compile(p.string("pattern"), flags);
                } catch (PatternSyntaxException e) {
                    throw p.error("pattern", "not a valid regular expression: " + e.getDescription());
                }
            }
            return new RegexMatch(fixed, flags, p.string("mode").equals("full"),
                    AnswerExtraction.fromSpecName(p.string("extract")), p.string("answer_tag"), p.signature(version()));
        }
    }
}
