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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bleu}: sentence BLEU of the response against the reference(s), exactly as sacreBLEU's {@code sentence_bleu}
 * (see {@link Bleu}). Several references are used together, as BLEU defines (merged n-gram counts, closest length),
 * not as a maximum over single-reference scores. An empty response scores 0.
 */
public record BleuReward(BleuOptions options, double scale, RewardSignature signature, String oneRef) implements Reward {

    /** {@code oneRef}: sacreBLEU's signature for one reference, made once. */
    public BleuReward(BleuOptions options, double scale, RewardSignature signature) {
        this(options, scale, signature, options.sacrebleuSignature("1"));
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String hyp = References.response(sample);
        List<String> refs = References.answers(sample.reference());
        BleuScore s = Bleu.score(options, Bleu.sentenceStats(options, hyp, refs, deadline));
        double value = MetricRewards.scaled(s.score(), scale);
        String reason = PyStrings.isBlank(hyp) ? "empty response"
                : "BLEU " + MetricRewards.fmt(s.score()) + " against " + MetricRewards.nrefs(refs.size());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bleu", s.score());
        List<Double> precisions = new ArrayList<>();
        for (double p : s.precisions()) {
            precisions.add(p);
        }
        d.put("precisions", precisions);
        d.put("bp", s.bp());
        d.put("hyp_len", s.stats().sysLen());
        d.put("ref_len", s.stats().refLen());
        d.put("sacrebleu", refs.size() == 1 ? oneRef : options.sacrebleuSignature(Integer.toString(refs.size())));
        return new RewardResult(value, Status.OK, reason, d, Map.of());
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "bleu"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() { return "sacreBLEU 2.6.0 sentence_bleu (Post, 2018); Papineni et al., 2002"; }
        @Override public String description() {
            return "Sentence BLEU against the reference(s) exactly as sacreBLEU computes it; [0, 1] (or [0, 100] with scale 100).";
        }

        @Override
        public List<Param> parameters() {
            return List.of(
                    Param.choice("smooth_method", "exp", SmoothMethod.specNames(),
                            "sacreBLEU smoothing: exp (NIST, default), floor, add-k, none"),
                    Param.optional("smooth_value", ParamKind.DOUBLE, null,
                            "value for floor (default 0.1) and add-k (default 1); not used by exp or none"),
                    Param.choice("tokenize", "13a", BleuTokenizer.specNames(), "sacreBLEU tokenizer"),
                    Param.optional("lowercase", ParamKind.BOOL, false, "lowercase both sides first"),
                    Param.optional("max_ngram_order", ParamKind.INT, 4, "highest n-gram order, 1..9"),
                    Param.optional("effective_order", ParamKind.BOOL, true,
                            "skip orders the hypothesis has no n-grams of (sacreBLEU's sentence_bleu default)"),
                    MetricRewards.scaleParam("BLEU"));
        }

        @Override
        public Reward create(Params p) {
            SmoothMethod method = SmoothMethod.fromSpecName(p.string("smooth_method"));
            double value = Double.NaN;
            if (p.isSet("smooth_value")) {
                if (!method.takesValue()) {
                    throw p.error("smooth_value", "smooth_value applies to floor and add-k only, not to "
                            + method.specName());
                }
                value = p.number("smooth_value");
                if (value < 0) {
                    throw p.error("smooth_value", "smooth_value must not be negative, got " + value);
                }
            }
            int order = MetricRewards.intInRange(p, "max_ngram_order", 1, 9);
            BleuOptions o = new BleuOptions(BleuTokenizer.fromSpecName(p.string("tokenize")), p.bool("lowercase"),
                    method, value, order, p.bool("effective_order"));
            Object effectiveValue = method.takesValue() ? o.effectiveSmoothValue() : null;
            return new BleuReward(o, MetricRewards.scale(p),
                    MetricRewards.signature(p, version(), "smooth_value", effectiveValue));
        }
    }
}
