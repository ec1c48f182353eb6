package dev.arbiter.shaping;

import dev.arbiter.core.Deadline;
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
 * {@code noise_flip} (catalog D2c): reward noise for robustness experiments. With probability {@code p} the child's
 * score is flipped to {@code 1 − score} ({@code negate}: {@code −score}, for ±1 rewards). The coin is a pure
 * function of {@code seed} and the sample's group key (its id when it has no group), so a whole prompt group flips
 * together, as in the authors' code, and a rerun flips the same samples. With {@code when_correct}, a flipped
 * response whose original score is at least {@code correct_threshold} gets that child's score instead
 * ({@code add_format_reward_when_wrong}: a flipped correct answer gets RPR). Evaluation data should not be wrapped
 * (the authors never flip test batches).
 */
public final class NoiseFlip extends ShapingReward {
    private final Reward child;
    private final double p;
    private final long seed;
    private final boolean negate;
    private final String key;
    private final Reward whenCorrect;
    private final double correctThreshold;

    NoiseFlip(Reward child, double p, long seed, boolean negate, String key, Reward whenCorrect, double correctThreshold,
              RewardSignature signature) {
        super(signature);
        this.child = child;
        this.p = p;
        this.seed = seed;
        this.negate = negate;
        this.key = key;
        this.whenCorrect = whenCorrect;
        this.correctThreshold = correctThreshold;
    }

    /** Whether the sample with this group key (or id) is flipped. */
    boolean flips(Sample sample) {
        return coin(sample) < p;
    }

    private double coin(Sample sample) {
        String k = key.equals("id") || sample.group().isEmpty() ? "id:" + sample.id() : "group:" + sample.group();
        return Maths.uniform(seed, k);
    }

    @Override
    RewardResult compute(Sample sample, Deadline deadline) {
        RewardResult r = Inputs.child("reward", child, sample, deadline);
        double u = coin(sample);
        if (u >= p) {
            return r.withDetail("flipped", false);
        }
        Map<String, Object> details = new LinkedHashMap<>(r.details());
        details.put("flipped", true);
        details.put("original", r.score());
        Map<String, Double> comps = new LinkedHashMap<>(r.components());
        comps.put("original", r.score());
        double flipped;
        if (whenCorrect != null && r.score() >= correctThreshold) {
            RewardResult wc = Inputs.child("when_correct", whenCorrect, sample, deadline);
            flipped = wc.score();
            details.put("flipped_to", "when_correct");
        } else {
            flipped = negate ? -r.score() : 1.0 - r.score();
        }
        return new RewardResult(flipped, Status.OK, "flipped (noise p=" + p + ")", details, comps);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "noise_flip"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() {
            return "'The climb carves wisdom deeper than the summit' (Noisy-Rewards-in-Learning-to-Reason), "
                    + "verl/workers/reward_manager/naive.py flip noise";
        }
        @Override public String description() {
            return "The child's score, flipped to 1 − score with probability p (deterministic per group key and seed).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("reward", ParamKind.SPEC, "the reward to corrupt"),
                    Param.required("p", ParamKind.DOUBLE, "flip probability (flip_prob) in [0, 1]"),
                    Param.optional("seed", ParamKind.INT, 0, "seed of the deterministic coin"),
                    Param.choice("flip", "one_minus", List.of("one_minus", "negate"), "1 − score (0/1 rewards) or −score (±1 rewards)"),
                    Param.choice("key", "group", List.of("group", "id"), "flip whole groups (falling back to the id) or single samples"),
                    Param.optional("when_correct", ParamKind.SPEC, null, "score for a flipped correct response (e.g. reasoning_pattern)"),
                    Param.optional("correct_threshold", ParamKind.DOUBLE, 0.5, "an original score ≥ this counts as correct"));
        }
        @Override
        public Reward create(Params p) {
            double prob = p.number("p");
            if (prob < 0 || prob > 1) {
                throw p.error("p", "p (" + prob + ") must lie in [0, 1]");
            }
            return new NoiseFlip(p.reward("reward"), prob, p.integer("seed"), p.string("flip").equals("negate"),
                    p.string("key"), p.reward("when_correct"), p.number("correct_threshold"), p.signature(version()));
        }
    }
}
