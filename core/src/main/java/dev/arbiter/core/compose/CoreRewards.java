package dev.arbiter.core.compose;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composition types of core: {@code constant}, {@code route}, {@code weighted}, {@code gate}, {@code clip} and
 * {@code scale}. A composite passes a child's non-ok status through (with the child's name in the reason): a
 * composite score over a child that could not be computed would be a silent wrong reward.
 */
public final class CoreRewards {
    private CoreRewards() {
    }

    static RewardResult propagate(String childName, RewardResult child) {
        String reason = "component '" + childName + "': " + child.reason();
        return switch (child.status()) {
            case INVALID_INPUT -> RewardResult.invalidInput(reason).withDetails(child.details());
            case TIMEOUT -> RewardResult.timeout(reason);
            case ERROR -> RewardResult.error(reason).withDetails(child.details());
            case OK -> throw new IllegalArgumentException("child is ok");
        };
    }

    /** A fixed score for every sample: the no-op reward (baselines, placeholders in routes). */
    public static final class ConstantFactory implements RewardFactory {
        @Override public String name() { return "constant"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "core"; }
        @Override public String description() { return "The same score for every sample (a no-op baseline)."; }
        @Override public List<Param> parameters() {
            return List.of(Param.optional("value", ParamKind.DOUBLE, 0.0, "the score given to every sample"));
        }

        @Override
        public Reward create(Params p) {
            double value = p.number("value");
            RewardSignature sig = p.signature(version());
            RewardResult result = RewardResult.ok(value);
            return new Reward() {
                @Override public RewardSignature signature() { return sig; }
                @Override public RewardResult score(Sample sample, Deadline deadline) { return result; }
            };
        }
    }

    /** Picks a child reward by the sample's data source (verl's {@code data_source}). */
    public static final class RouteFactory implements RewardFactory {
        @Override public String name() { return "route"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "core"; }
        @Override public String description() {
            return "Routes each sample to a child reward by data_source (exact name, or a prefix ending in '*'); "
                    + "score is the child's.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("routes", ParamKind.SPEC_MAP, "data_source (or prefix*) → reward spec"),
                    Param.optional("default", ParamKind.SPEC, null,
                            "reward for data sources no route names; without it they are invalid_input"));
        }

        @Override
        public Reward create(Params p) {
            return new Route(p.rewardMap("routes"), p.reward("default"), p.signature(version()));
        }
    }

    record Route(Map<String, Reward> routes, Reward fallback, RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample sample, Deadline deadline) {
            String source = sample.dataSource();
            Reward chosen = routes.get(source);
            String routeName = source;
            if (chosen == null) {
                int best = -1;
                for (Map.Entry<String, Reward> e : routes.entrySet()) {
                    String k = e.getKey();
                    if (k.endsWith("*") && source.startsWith(k.substring(0, k.length() - 1)) && k.length() > best) {
                        best = k.length();
                        chosen = e.getValue();
                        routeName = k;
                    }
                }
            }
            if (chosen == null) {
                chosen = fallback;
                routeName = "default";
            }
            if (chosen == null) {
                return RewardResult.invalidInput("no route for data_source '" + source + "'; routes: "
                        + String.join(", ", routes.keySet()));
            }
            RewardResult r = Scoring.guarded(chosen, sample, deadline);
            return r.withDetail("route", routeName);
        }
    }

    /** A weighted sum of child rewards. */
    public static final class WeightedFactory implements RewardFactory {
        @Override public String name() { return "weighted"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "core"; }
        @Override public String description() {
            return "Sum of weight × child score over named children (optionally divided by the weight total); "
                    + "each child's raw score is reported in components.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("rewards", ParamKind.SPEC_MAP, "component name → reward spec"),
                    Param.optional("weights", ParamKind.DOUBLE_MAP, Map.of(),
                            "component name → weight; a component without a weight weighs 1"),
                    Param.optional("normalize", ParamKind.BOOL, false, "divide by the sum of the weights"));
        }

        @Override
        public Reward create(Params p) {
            Map<String, Reward> children = p.rewardMap("rewards");
            Map<String, Double> weights = p.numberMap("weights");
            for (String k : weights.keySet()) {
                if (!children.containsKey(k)) {
                    throw p.error("weights", "weight for '" + k + "' names no component; components: "
                            + String.join(", ", children.keySet()));
                }
            }
            Map<String, Double> effective = new LinkedHashMap<>();
            double total = 0;
            for (String k : children.keySet()) {
                double w = weights.getOrDefault(k, 1.0);
                effective.put(k, w);
                total += w;
            }
            boolean normalize = p.bool("normalize");
            if (normalize && total == 0) {
                throw p.error("weights", "normalize is set but the weights sum to 0");
            }
            return new Weighted(children, effective, normalize ? total : 1.0, p.signature(version()));
        }
    }

    record Weighted(Map<String, Reward> children, Map<String, Double> weights, double divisor,
                    RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample sample, Deadline deadline) {
            Map<String, Double> comps = new LinkedHashMap<>();
            Map<String, Object> details = new LinkedHashMap<>();
            double sum = 0;
            for (Map.Entry<String, Reward> e : children.entrySet()) {
                RewardResult r = Scoring.guarded(e.getValue(), sample, deadline);
                if (r.status() != Status.OK) {
                    return propagate(e.getKey(), r);
                }
                comps.put(e.getKey(), r.score());
                if (!r.details().isEmpty()) {
                    details.put(e.getKey(), r.details());
                }
                sum += weights.get(e.getKey()) * r.score();
            }
            return new RewardResult(sum / divisor, Status.OK, "", details, comps);
        }
    }

    /** Child B counts only when child A passes (for example a format gate before an accuracy reward). */
    public static final class GateFactory implements RewardFactory {
        @Override public String name() { return "gate"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "core"; }
        @Override public String description() {
            return "Scores 'reward' only when 'gate' scores at least 'threshold'; otherwise gives 'otherwise'.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("gate", ParamKind.SPEC, "the reward that must pass"),
                    Param.required("reward", ParamKind.SPEC, "the reward that counts when the gate passes"),
                    Param.optional("threshold", ParamKind.DOUBLE, 1.0, "the gate passes when its score ≥ this"),
                    Param.optional("otherwise", ParamKind.DOUBLE, 0.0, "the score when the gate fails"));
        }

        @Override
        public Reward create(Params p) {
            return new Gate(p.reward("gate"), p.reward("reward"), p.number("threshold"), p.number("otherwise"),
                    p.signature(version()));
        }
    }

    record Gate(Reward gate, Reward reward, double threshold, double otherwise, RewardSignature signature)
            implements Reward {
        @Override
        public RewardResult score(Sample sample, Deadline deadline) {
            RewardResult g = Scoring.guarded(gate, sample, deadline);
            if (g.status() != Status.OK) {
                return propagate("gate", g);
            }
            if (g.score() < threshold) {
                Map<String, Double> comps = new LinkedHashMap<>();
                comps.put("gate", g.score());
                return new RewardResult(otherwise, Status.OK, "gate failed: score " + g.score() + " < " + threshold,
                        g.details().isEmpty() ? Map.of() : Map.of("gate", g.details()), comps);
            }
            RewardResult r = Scoring.guarded(reward, sample, deadline);
            if (r.status() != Status.OK) {
                return propagate("reward", r);
            }
            Map<String, Double> comps = new LinkedHashMap<>();
            comps.put("gate", g.score());
            comps.put("reward", r.score());
            Map<String, Object> details = new LinkedHashMap<>(r.details());
            return new RewardResult(r.score(), Status.OK, r.reason(), details, comps);
        }
    }

    /** Bounds a child's score. */
    public static final class ClipFactory implements RewardFactory {
        @Override public String name() { return "clip"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "core"; }
        @Override public String description() { return "Clamps a child's score to [min, max]."; }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("reward", ParamKind.SPEC, "the reward to clip"),
                    Param.optional("min", ParamKind.DOUBLE, null, "lower bound; none when absent"),
                    Param.optional("max", ParamKind.DOUBLE, null, "upper bound; none when absent"));
        }

        @Override
        public Reward create(Params p) {
            double lo = p.isSet("min") ? p.number("min") : Double.NEGATIVE_INFINITY;
            double hi = p.isSet("max") ? p.number("max") : Double.POSITIVE_INFINITY;
            if (lo > hi) {
                throw p.error("min", "min (" + lo + ") must not exceed max (" + hi + ")");
            }
            return new Affine(p.reward("reward"), 1.0, 0.0, lo, hi, p.signature(version()));
        }
    }

    /** Multiplies and shifts a child's score. */
    public static final class ScaleFactory implements RewardFactory {
        @Override public String name() { return "scale"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "core"; }
        @Override public String description() { return "factor × child score + offset."; }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("reward", ParamKind.SPEC, "the reward to scale"),
                    Param.optional("factor", ParamKind.DOUBLE, 1.0, "multiplier"),
                    Param.optional("offset", ParamKind.DOUBLE, 0.0, "added after multiplying"));
        }

        @Override
        public Reward create(Params p) {
            return new Affine(p.reward("reward"), p.number("factor"), p.number("offset"),
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, p.signature(version()));
        }
    }

    record Affine(Reward child, double factor, double offset, double lo, double hi, RewardSignature signature)
            implements Reward {
        @Override
        public RewardResult score(Sample sample, Deadline deadline) {
            RewardResult r = Scoring.guarded(child, sample, deadline);
            if (r.status() != Status.OK) {
                return r;
            }
            double v = Math.max(lo, Math.min(hi, factor * r.score() + offset));
            if (!Double.isFinite(v)) {
                return RewardResult.error("scaled score is not finite (" + factor + " × " + r.score() + " + " + offset + ")");
            }
            return r.withScore(v);
        }
    }
}
