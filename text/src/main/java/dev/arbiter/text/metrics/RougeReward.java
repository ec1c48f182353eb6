package dev.arbiter.text.metrics;

import dev.arbiter.core.Deadline;
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

/**
 * {@code rouge}: ROUGE-N, ROUGE-L or ROUGE-Lsum of the response against the reference(s), exactly as Google's
 * {@code rouge-score} computes it (see {@link Rouge}). With several references the one with the highest F
 * gives the result ({@code score_multi}, which HF {@code evaluate} and BLEUBERI use); {@code measure} then picks
 * its precision, recall or F.
 */
public record RougeReward(Rouge.Type type, char measure, boolean stem, RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String hyp = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        Rouge.Best best = Rouge.scoreMulti(type, refs, hyp, stem, deadline);
        Rouge.Score s = best.score();
        String reason = type.name() + " P " + MetricRewards.fmt(s.precision()) + " R " + MetricRewards.fmt(s.recall())
                + " F " + MetricRewards.fmt(s.fmeasure()) + (refs.size() > 1 ? " (best of " + refs.size()
                + " references: #" + (best.index() + 1) + ")" : "");
        return RewardResult.ok(s.measure(measure), reason)
                .withDetail("precision", s.precision())
                .withDetail("recall", s.recall())
                .withDetail("fmeasure", s.fmeasure())
                .withDetail("reference_index", best.index());
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "rouge"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() { return "Google rouge-score (rouge_scorer.RougeScorer); Lin, 2004"; }
        @Override public String description() {
            return "ROUGE-1..9, ROUGE-L or ROUGE-Lsum exactly as rouge-score computes it; best reference by F; [0, 1].";
        }

        @Override
        public List<Param> parameters() {
            return List.of(
                    Param.choice("variant", "rougeL", Rouge.Type.names(), "rouge-score type"),
                    Param.choice("measure", "f", List.of("f", "p", "r"), "F-measure, precision or recall"),
                    Param.optional("use_stemmer", ParamKind.BOOL, false, "Porter-stem words longer than 3 letters (NLTK)"));
        }

        @Override
        public Reward create(Params p) {
            return new RougeReward(Rouge.Type.of(p.string("variant")), p.string("measure").charAt(0),
                    p.bool("use_stemmer"), p.signature(version()));
        }
    }
}
