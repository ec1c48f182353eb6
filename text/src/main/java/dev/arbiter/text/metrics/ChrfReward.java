package dev.arbiter.text.metrics;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chrf}: sentence chrF (word_order 0) or chrF++ (word_order 2) of the response against the reference(s),
 * exactly as sacreBLEU computes it (see {@link Chrf}); with several references, the best one's statistics.
 */
public record ChrfReward(ChrfOptions options, double scale, RewardSignature signature, String oneRef) implements Reward {

    /** {@code oneRef}: sacreBLEU's signature for one reference, made once. */
    public ChrfReward(ChrfOptions options, double scale, RewardSignature signature) {
        this(options, scale, signature, options.sacrebleuSignature("1"));
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String hyp = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        ChrfStats stats = Chrf.sentenceStats(options, hyp, refs, deadline);
        double f = Chrf.score(options, stats);
        String reason = PyStrings.isBlank(hyp) ? "empty response"
                : options.metricName() + " " + MetricRewards.fmt(f) + " against " + MetricRewards.nrefs(refs.size());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("chrf", f);
        d.put("sacrebleu", refs.size() == 1 ? oneRef : options.sacrebleuSignature(Integer.toString(refs.size())));
        return new RewardResult(MetricRewards.scaled(f, scale), Status.OK, reason, d, Map.of());
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "chrf"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() { return "sacreBLEU 2.6.0 CHRF; chrF (Popović, 2015), chrF++ (Popović, 2017)"; }
        @Override public String description() {
            return "Sentence chrF (word_order 0) or chrF++ (word_order 2) exactly as sacreBLEU computes it; [0, 1] (or [0, 100] with scale 100).";
        }

        @Override
        public List<Param> parameters() {
            return List.of(
                    Param.optional("char_order", ParamKind.INT, 6, "character n-gram order, 1..16"),
                    Param.optional("word_order", ParamKind.INT, 0, "word n-gram order, 0..9: 0 is chrF, 2 is chrF++"),
                    Param.optional("beta", ParamKind.INT, 2, "recall weight, 0..16"),
                    Param.optional("lowercase", ParamKind.BOOL, false, "lowercase both sides first"),
                    Param.optional("whitespace", ParamKind.BOOL, false, "keep whitespace in character n-grams"),
                    Param.optional("eps_smoothing", ParamKind.BOOL, false,
                            "chrF++.py/Moses epsilon smoothing instead of sacreBLEU's effective-order averaging"),
                    MetricRewards.scaleParam("chrF"));
        }

        @Override
        public Reward create(Params p) {
            ChrfOptions o = new ChrfOptions(MetricRewards.intInRange(p, "char_order", 1, 16),
                    MetricRewards.intInRange(p, "word_order", 0, 9), MetricRewards.intInRange(p, "beta", 0, 16),
                    p.bool("lowercase"), p.bool("whitespace"), p.bool("eps_smoothing"));
            return new ChrfReward(o, MetricRewards.scale(p), p.signature(version()));
        }
    }
}
