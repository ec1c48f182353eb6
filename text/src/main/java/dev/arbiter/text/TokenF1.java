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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code token_f1}: SQuAD's token-overlap F1 between the answer and the best-matching reference, in [0, 1].
 * As the official SQuAD v2 script does, when either side has no tokens the score is 1 if both have none, else 0.
 */
public record TokenF1(AnswerOptions options, RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        Optional<String> answer = options.extract(response, deadline);
        if (answer.isEmpty()) {
            return RewardResult.ok(0.0, "no answer found (extract=" + options.extraction().specName() + ")");
        }
        List<String> pred = options.normalization().tokens(answer.get(), deadline);
        double best = 0;
        String bestRef = refs.get(0);
        for (String ref : refs) {
            double f = f1(pred, options.normalization().tokens(ref, deadline), deadline);
            if (f > best) {
                best = f;
                bestRef = ref;
            }
        }
        return RewardResult.ok(best).withDetail("answer", ExactMatch.abbreviate(answer.get())).withDetail("best_reference", bestRef);
    }

    static double f1(List<String> pred, List<String> gold, Deadline deadline) {
        if (pred.isEmpty() || gold.isEmpty()) {
            return pred.equals(gold) ? 1.0 : 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String g : gold) {
            counts.merge(g, 1, Integer::sum);
        }
        int common = 0;
        int i = 0;
        for (String p : pred) {
            Integer c = counts.get(p);
            if (c != null && c > 0) {
                counts.put(p, c - 1);
                common++;
            }
            if ((++i & 0x3FFF) == 0) {
                deadline.check();
            }
        }
        if (common == 0) {
            return 0.0;
        }
        double precision = (double) common / pred.size();
        double recall = (double) common / gold.size();
        return 2 * precision * recall / (precision + recall);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "token_f1"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() { return "SQuAD v2 official evaluation script (token F1)"; }
        @Override public String description() {
            return "Token-overlap F1 between the answer and the best reference, in [0, 1].";
        }
        @Override public List<Param> parameters() { return AnswerOptions.parameters("squad"); }

        @Override
        public Reward create(Params p) {
            return new TokenF1(AnswerOptions.from(p), p.signature(version()));
        }
    }
}
