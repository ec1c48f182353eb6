package dev.arbiter.text;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;
import java.util.Optional;

/**
 * {@code exact_match}: 1 when the extracted answer equals any reference answer after normalization, else 0.
 * SQuAD normalization by default. The reference may be a string, a number, a list, or an object with
 * {@code target}/{@code answers}/{@code answer} (see {@link References#answers}).
 */
public record ExactMatch(AnswerOptions options, RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        Optional<String> answer = options.extract(response, deadline);
        if (answer.isEmpty()) {
            return RewardResult.ok(0.0, "no answer found (extract=" + options.extraction().specName() + ")");
        }
        String pred = options.normalization().apply(answer.get(), deadline);
        for (String ref : refs) {
            if (pred.equals(options.normalization().apply(ref, deadline))) {
                return RewardResult.ok(1.0, "matches the reference").withDetail("answer", abbreviate(answer.get()))
                        .withDetail("matched", ref);
            }
        }
        return RewardResult.ok(0.0, refs.size() == 1 ? "differs from the reference" : "matches none of " + refs.size()
                + " references").withDetail("answer", abbreviate(answer.get()));
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "exact_match"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() { return "SQuAD (Rajpurkar et al., 2016) answer normalization"; }
        @Override public String description() {
            return "1 if the answer equals a reference after normalization, else 0.";
        }
        @Override public List<Param> parameters() { return AnswerOptions.parameters("squad"); }

        @Override
        public Reward create(Params p) {
            return new ExactMatch(AnswerOptions.from(p), p.signature(version()));
        }
    }
}
