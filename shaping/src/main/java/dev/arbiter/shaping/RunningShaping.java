package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformFactory;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code running_meanstd}, {@code running_clip}, {@code running_minmax} (catalog C7): the running-statistics
 * baselines PAR compares against ({@code RunningStats} of {@code reward_shaper.py}). Each group is one batch: its ok
 * scores first update the running statistics (Chan's merge,
 * {@code M2 += var_p(batch)·b + δ²·n·b/(n + b)}), then each score is shaped:
 * <ul>
 *   <li>meanstd: (r − μ)/σ, σ the population std of everything seen (0 until two rewards are seen); σ = 0 → divide by 1;</li>
 *   <li>clip: clip(r, μ − σ, μ + σ);</li>
 *   <li>minmax: (r − min)/(max − min) with the running min/max. When max = min the code divides by zero; we give 0.</li>
 * </ul>
 * Quirk (switch {@code code_faithful}, default true): min and max start at 10000 and −10000, so rewards beyond
 * ±10000 never move them; {@code false} starts them at ±∞. Stateful: n, mean, M2, min and max are the state. Members
 * without an ok score neither update nor get a value. PAR updates on its PPO batch: to reproduce that, give the
 * batch's rows one group key.
 */
public final class RunningShaping implements GroupTransform.Stateful {
    private final String kind;
    private final boolean codeFaithful;
    private final RewardSignature signature;
    private long n;
    private double mean;
    private double m2;
    private double min;
    private double max;

    RunningShaping(String kind, boolean codeFaithful, RewardSignature signature) {
        this.kind = kind;
        this.codeFaithful = codeFaithful;
        this.signature = signature;
        reset();
    }

    private void reset() {
        n = 0;
        mean = 0;
        m2 = 0;
        min = codeFaithful ? 10000 : Double.POSITIVE_INFINITY;
        max = codeFaithful ? -10000 : Double.NEGATIVE_INFINITY;
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public synchronized GroupOutcome apply(List<GroupMember> members, long step) {
        double[] r = Groups.scores(members);
        double[] ok = Groups.finite(r);
        boolean updated = update(ok);
        double std = std();
        double[] out = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            double x = r[i];
            if (!Double.isFinite(x)) {
                out[i] = Double.NaN;
                continue;
            }
            out[i] = switch (kind) {
                case "meanstd" -> (x - mean) / (std > 0 ? std : 1.0);
                case "clip" -> Math.max(mean - std, Math.min(mean + std, x));
                default -> max > min ? (x - min) / (max - min) : 0.0;
            };
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (!updated) {
            details.put("update_skipped", "the group's scores overflow the running statistics");
        }
        details.put("seen", n);
        details.put("mean", mean);
        details.put("std", std);
        if (kind.equals("minmax") && n > 0) {
            details.put("min", min);
            details.put("max", max);
        }
        return GroupOutcome.of(Groups.sanitize(out), details);
    }

    /** Merges a batch into the statistics; a batch that would overflow them is skipped (returns false). */
    boolean update(double[] batch) {
        int b = batch.length;
        if (b == 0) {
            return true;
        }
        long n0 = n;
        double mean0 = mean;
        double m20 = m2;
        double min0 = min;
        double max0 = max;
        double bm = Maths.mean(batch);
        double ss = 0;
        for (double x : batch) {
            ss += (x - bm) * (x - bm);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double bvar = ss / b;
        long nn = n + b;
        double delta = bm - mean;
        mean += delta * ((double) b / nn);
        m2 += bvar * b + delta * delta * ((double) n * b / nn);
        n = nn;
        if (!Double.isFinite(mean) || !Double.isFinite(m2)) {
            n = n0;
            mean = mean0;
            m2 = m20;
            min = min0;
            max = max0;
            return false;
        }
        return true;
    }

    double std() {
        return n > 1 ? Math.sqrt(m2 / n) : 0.0;
    }

    @Override
    public synchronized JsonNode saveState() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("n", n);
        o.put("mean", mean);
        o.put("m2", m2);
        putBound(o, "min", min);
        putBound(o, "max", max);
        return o;
    }

    private static void putBound(ObjectNode o, String k, double v) {
        if (Double.isInfinite(v)) {
            o.put(k, v > 0 ? "inf" : "-inf");
        } else {
            o.put(k, v);
        }
    }

    private static double bound(JsonNode n, double dflt) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return dflt;
        }
        if (n.isTextual()) {
            return n.asText().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return n.asDouble();
    }

    @Override
    public synchronized void restoreState(JsonNode state) {
        reset();
        n = state.path("n").asLong(0);
        mean = state.path("mean").asDouble(0);
        m2 = state.path("m2").asDouble(0);
        min = bound(state.get("min"), min);
        max = bound(state.get("max"), max);
    }

    static List<Param> parameters() {
        return List.of(Param.optional("code_faithful", ParamKind.BOOL, true,
                "min/max start at ±10000 as in PAR's RunningStats (false: ±∞)"));
    }

    abstract static class BaseFactory implements GroupTransformFactory {
        abstract String kind();
        @Override public String name() { return "running_" + kind(); }
        @Override public int version() { return 1; }
        @Override public String family() { return "shaping"; }
        @Override public String source() { return "PAR baselines (PorUna-byte/PAR trainers/reward_shaper.py RunningStats)"; }
        @Override public List<Param> parameters() { return RunningShaping.parameters(); }
        @Override public GroupTransform create(Params p) { return new RunningShaping(kind(), p.bool("code_faithful"), p.signature(version())); }
    }

    public static final class MeanStdFactory extends BaseFactory {
        @Override String kind() { return "meanstd"; }
        @Override public String description() { return "(r − running mean)/running population std, after adding the group to the statistics."; }
    }

    public static final class ClipFactory extends BaseFactory {
        @Override String kind() { return "clip"; }
        @Override public String description() { return "clip(r, μ − σ, μ + σ) with the running mean and population std."; }
    }

    public static final class MinMaxFactory extends BaseFactory {
        @Override String kind() { return "minmax"; }
        @Override public String description() { return "(r − running min)/(running max − running min); range [0, 1]."; }
    }
}
