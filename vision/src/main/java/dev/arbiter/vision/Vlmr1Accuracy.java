package dev.arbiter.vision;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vlmr1_accuracy}: VLM-R1's small accuracy rules (catalog A6), which Mixed-R1's matching reward (A12) also
 * follows. The reference is the answer text (VLM-R1 wraps it as {@code <answer> X </answer>}; either form works).
 * <ul>
 *   <li><b>mcq</b>: the choice letter {@code extract_choice} finds in the first answer block (or the whole
 *       response) equals the reference's; 1/0, no letter → 0. {@code extract_choice} upper-cases, collapses
 *       whitespace, collects capitals not preceded by a capital and followed by {@code .,?!:;} or the end; one → it;
 *       several → scored by keywords within ±20 characters of the letter's first occurrence anywhere (+1 each), a
 *       position in the last 30 % (+2) and a following {@code 。.!！,，} (+1), ties to the first seen. A letter
 *       collected twice is scored twice (the authors' loop).</li>
 *   <li><b>yes_no</b>: the first {@code yes}/{@code no} substring of each lower-cased answer; equal → 1 (both
 *       absent → 1; "i don't know" contains "no").</li>
 *   <li><b>all_match</b>: {@code clean_text} of both equal → 1.</li>
 *   <li><b>default</b>: if the reference has a digit, float equality of the cleaned answers, or the Levenshtein
 *       ratio when either is not a float; else if the reference holds a choice letter, the mcq comparison; else the
 *       Levenshtein ratio. In [0, 1]. <em>Departure:</em> VLM-R1 first tries Math-Verify's symbolic equality; this
 *       module has no CAS, so put a math reward in front (a {@code weighted} or {@code route}) where that matters.</li>
 * </ul>
 */
public record Vlmr1Accuracy(String rule, RewardSignature signature) implements Reward {
    private static final Pattern CHOICE = Pattern.compile("(?<![A-Z])([A-Z])(?=[.,?!:;]|$)");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern YES_NO = Pattern.compile("(yes|no)");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final String[] KEYWORDS = {"答案", "选择", "正确", "是", "对", "answer", "correct", "choose", "select",
            "right", "认为", "应该", "觉得", "think", "believe", "should"};

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String content = References.response(sample);
        String sol = SampleInputs.referenceText(sample);
        return switch (rule) {
            case "mcq" -> mcq(content, sol, deadline);
            case "yes_no" -> yesNo(content, sol, deadline);
            case "all_match" -> {
                String a = Vlmr1Text.cleanText(content, deadline);
                String b = Vlmr1Text.cleanText(sol, deadline);
                yield RewardResult.ok(a.equals(b) ? 1.0 : 0.0).withDetail("answer", References.abbreviate(a));
            }
            default -> defaultRule(content, sol, deadline);
        };
    }

    private static String groundTruth(String sol, Deadline d) {
        return Tags.first(Tags.ANSWER_ONE_LINE, sol, d).map(Tags::pyStrip).orElse(Tags.pyStrip(sol));
    }

    private static RewardResult mcq(String content, String sol, Deadline d) {
        String gt = groundTruth(sol, d);
        Optional<String> gtChoice = extractChoice(gt, d);
        String correct = gtChoice.map(c -> c.toUpperCase(Locale.ROOT)).orElse(Tags.pyStrip(sol));
        String student = Tags.first(Tags.ANSWER, content, d).map(Tags::pyStrip).orElse(Tags.pyStrip(content));
        Optional<String> choice = extractChoice(student, d);
        if (choice.isEmpty()) {
            return RewardResult.ok(0.0, "no choice letter in the answer");
        }
        return RewardResult.ok(choice.get().equals(correct) ? 1.0 : 0.0).withDetail("choice", choice.get())
                .withDetail("reference_choice", correct);
    }

    /** VLM-R1's {@code extract_choice}. */
    static Optional<String> extractChoice(String text, Deadline d) {
        String t = SPACES.matcher(text.toUpperCase(Locale.ROOT)).replaceAll(" ");
        Matcher m = CHOICE.matcher(d.guard(t));
        List<String> choices = new ArrayList<>();
        while (m.find()) {
            choices.add(m.group(1));
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        if (choices.size() == 1) {
            return Optional.of(choices.get(0));
        }
        Map<String, Integer> scores = new LinkedHashMap<>();
        for (String c : choices) {
            scores.putIfAbsent(c, 0);
        }
        for (String c : choices) {
            d.check();
            int pos = t.indexOf(c);
            String context = t.substring(Math.max(0, pos - 20), Math.min(t.length(), pos + 20));
            int add = 0;
            for (String k : KEYWORDS) {
                if (context.contains(k.toUpperCase(Locale.ROOT))) {
                    add++;
                }
            }
            if (pos > t.length() * 0.7) {
                add += 2;
            }
            if (pos < t.length() - 1 && "。.!！,，".indexOf(t.charAt(pos + 1)) >= 0) {
                add++;
            }
            scores.merge(c, add, Integer::sum);
        }
        String best = null;
        int bestScore = Integer.MIN_VALUE;
        for (Map.Entry<String, Integer> e : scores.entrySet()) {
            if (e.getValue() > bestScore) {
                bestScore = e.getValue();
                best = e.getKey();
            }
        }
        return Optional.of(best);
    }

    private static RewardResult yesNo(String content, String sol, Deadline d) {
        String c = content.toLowerCase(Locale.ROOT);
        String s = sol.toLowerCase(Locale.ROOT);
        String gt = groundTruth(s, d);
        String student = Tags.first(Tags.ANSWER, c, d).map(Tags::pyStrip).orElse(Tags.pyStrip(c));
        String a = firstYesNo(gt, d);
        String b = firstYesNo(student, d);
        return RewardResult.ok(a.equals(b) ? 1.0 : 0.0).withDetail("answer", b).withDetail("reference", a);
    }

    private static String firstYesNo(String s, Deadline d) {
        Matcher m = YES_NO.matcher(d.guard(s));
        return m.find() ? m.group(1) : "";
    }

    private static RewardResult defaultRule(String content, String sol, Deadline d) {
        String gt = groundTruth(sol, d);
        List<String> matches = Tags.all(Tags.ANSWER, content, d);
        String student = matches.isEmpty() ? Tags.pyStrip(content) : Tags.pyStrip(matches.get(matches.size() - 1));
        boolean hasNumbers = DIGIT.matcher(d.guard(gt)).find();
        Optional<String> gtChoice = extractChoice(gt, d);
        if (hasNumbers) {
            String a = Vlmr1Text.cleanText(student, d);
            String b = Vlmr1Text.cleanText(gt, d);
            OptionalDouble x = PyText.pyFloat(a);
            OptionalDouble y = PyText.pyFloat(b);
            if (x.isPresent() && y.isPresent()) {
                return RewardResult.ok(x.getAsDouble() == y.getAsDouble() ? 1.0 : 0.0, "numeric comparison");
            }
            return RewardResult.ok(PyText.levenshteinRatio(a, b, d), "Levenshtein ratio");
        }
        if (gtChoice.isPresent()) {
            String correct = gtChoice.get().toUpperCase(Locale.ROOT);
            Optional<String> choice = extractChoice(student, d);
            return RewardResult.ok(choice.isPresent() && choice.get().equals(correct) ? 1.0 : 0.0, "choice comparison");
        }
        return RewardResult.ok(PyText.levenshteinRatio(Vlmr1Text.cleanText(student, d), Vlmr1Text.cleanText(gt, d), d),
                "Levenshtein ratio");
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "vlmr1_accuracy"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "VLM-R1 accuracy rules mcq / yes_no / all_match / default (catalog A6); Mixed-R1 matching reward (A12)"; }
        @Override public String description() {
            return "VLM-R1's rule-based answer accuracy: mcq letter, yes/no, cleaned exact match, or the default cascade; in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(Param.choice("rule", "default", List.of("mcq", "yes_no", "all_match", "default"),
                    "which VLM-R1 accuracy rule"));
        }

        @Override
        public Reward create(Params p) {
            return new Vlmr1Accuracy(p.string("rule"), p.signature(version()));
        }
    }
}
