package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code guard}: a reward protected by detectors. Every detector is scored first; if any scores below
 * {@code threshold} (a detector "fires"), the result is {@code penalty} (default 0) with the fired detectors' reasons
 * and evidence in {@code details.fired}, and the child reward is not evaluated (no model call is spent on a hack).
 * Otherwise the result is the child's, with each detector's score added to the components. A detector or child
 * that is not ok passes its status through with its name, as {@code gate} does. Detectors can be any reward type
 * (format checks too); the defenses' detectors score 1 = clean, 0 = hack.
 */
public final class Guard implements Reward {
    private final Reward reward;
    private final List<Reward> detectors;
    private final List<String> names;
    private final double penalty;
    private final double threshold;
    private final RewardSignature signature;

    Guard(Reward reward, List<Reward> detectors, double penalty, double threshold, RewardSignature signature) {
        this.reward = reward;
        this.detectors = detectors;
        this.penalty = penalty;
        this.threshold = threshold;
        this.signature = signature;
        List<String> n = new ArrayList<>();
        for (Reward d : detectors) {
            String base = d.signature().type();
            String name = base;
            for (int c = 2; n.contains(name); c++) {
                name = base + "#" + c;
            }
            n.add(name);
        }
        this.names = List.copyOf(n);
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        References.response(sample);
        Map<String, Double> comps = new LinkedHashMap<>();
        List<Map<String, Object>> fired = new ArrayList<>();
        for (int i = 0; i < detectors.size(); i++) {
            RewardResult d = Scoring.guarded(detectors.get(i), sample, deadline);
            if (d.status() != Status.OK) {
                return propagate(names.get(i), d);
            }
            comps.put(names.get(i), d.score());
            if (d.score() < threshold) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("detector", names.get(i));
                f.put("reason", d.reason());
                if (!d.details().isEmpty()) {
                    f.put("details", d.details());
                }
                fired.add(f);
            }
        }
        if (!fired.isEmpty()) {
            String reason = "guarded: " + fired.get(0).get("detector") + " fired (" + fired.get(0).get("reason") + ")"
                    + (fired.size() > 1 ? " and " + (fired.size() - 1) + " more" : "");
            return new RewardResult(penalty, Status.OK, reason, Map.of("fired", fired), comps);
        }
        RewardResult r = Scoring.guarded(reward, sample, deadline);
        if (r.status() != Status.OK) {
            return propagate("reward", r);
        }
        r.components().forEach(comps::putIfAbsent);
        comps.put("reward", r.score());
        return new RewardResult(r.score(), Status.OK, r.reason(), r.details(), comps);
    }

    private static RewardResult propagate(String name, RewardResult child) {
        String reason = "component '" + name + "': " + child.reason();
        return switch (child.status()) {
            case INVALID_INPUT -> RewardResult.invalidInput(reason).withDetails(child.details());
            case TIMEOUT -> RewardResult.timeout(reason);
            default -> RewardResult.error(reason).withDetails(child.details());
        };
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "guard"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "defenses"; }
        @Override public String source() {
            return "Reward-hacking defenses (catalog D1–D5): detectors gate a reward; cf. Master-RM's rejection of master keys";
        }
        @Override public String description() {
            return "The child's score, or 'penalty' when any detector scores below 'threshold'; range: the child's and the penalty.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.required("reward", ParamKind.SPEC, "the reward to protect"),
                    Param.required("detectors", ParamKind.SPEC_LIST, "detector specs (1 = clean, 0 = hack)"),
                    Param.optional("penalty", ParamKind.DOUBLE, 0.0, "the score when a detector fires"),
                    Param.optional("threshold", ParamKind.DOUBLE, 0.5, "a detector fires when its score is below this"));
        }
        @Override
        public Reward create(Params p) {
            return new Guard(p.reward("reward"), p.rewards("detectors"), p.number("penalty"), p.number("threshold"),
                    p.signature(version()));
        }
    }
}
