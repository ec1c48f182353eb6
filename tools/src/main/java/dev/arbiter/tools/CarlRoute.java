package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
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
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code carl_route}: CaRL's per-step driving reward (catalog A15, {@code SimpleReward.get}): route-completion progress
 * multiplied by soft penalty factors, plus a terminal penalty. One sample is one simulator step.
 *
 * <p><b>Inputs</b> ({@code meta}, or an object reference), absent fields meaning "no violation":
 * {@code route_completion_delta} (ΔRC in percentage points), or {@code route_completion} and
 * {@code route_completion_prev} — required; {@code outside_route_lanes} (bool); {@code speed} and
 * {@code speed_limit} (m/s); {@code ttc_violation} (bool: a TTC violation within the simulator's 500-tick hold);
 * {@code comfort_violations} (0–6 comfort metrics violated within the hold); {@code lane_distance_violation_frames}
 * (the simulator's lane-centre counter); {@code mean_traffic_speed}; {@code action_changed} (bool);
 * {@code termination} (a reason or a list of reasons: collision, vehicle_too_close, red_light, stop_sign, blocked,
 * timeout, route_deviation, off_road). The hold windows and counters are the simulator's state; this reward is a
 * pure function of the step's flags. The response is not used (it must be present, as for every reward).
 *
 * <p><b>Reward.</b> p = ΔRC, 0 outside the route lanes; single reward: × max(0, 1 − (v − v_limit)/2.23) when
 * speeding, × 0.5 on a TTC violation, × (1 − 0.5·k/6) for k comfort violations; nuPlan style instead
 * ({@code single_reward: false}): p = (5·ΔRC + 5·r_ttc + 4·r_speed + 2·r_comfort)/16 with r = 100/2000 when clean;
 * then × 0.5 when the lane counter exceeds 30 frames, × clip(v/v_traffic, 0, 1) (min speed, off by default),
 * × 0.5 on a large action change (off by default). Termination adds {@code terminal_reward} (0) minus
 * {@code terminal_hint} (1) for a collision, a too-close vehicle or (with the RL hint) a red light. Finishing the
 * route earns no bonus.
 */
public record CarlRoute(boolean singleReward, boolean speeding, double maxOverspeed, boolean ttc, boolean comfort,
                        boolean laneCentering, int laneFrames, boolean minSpeed, boolean actionChange,
                        double terminalReward, double terminalHint, boolean rlTerminationHint,
                        RewardSignature signature) implements Reward {
    static final Set<String> REASONS = Set.of("collision", "vehicle_too_close", "red_light", "stop_sign", "blocked",
            "timeout", "route_deviation", "off_road");

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        References.response(sample);
        double delta = delta(sample);
        Map<String, Double> factors = new LinkedHashMap<>();
        double p = delta;
        if (Inputs.flag(sample, "outside_route_lanes")) {
            p = 0.0;
            factors.put("outside_route_lanes", 0.0);
        }
        boolean tooFast = false;
        double speedFactor = 1.0;
        OptionalDouble v = Inputs.number(sample, "speed");
        if (speeding && v.isPresent()) {
            OptionalDouble limit = Inputs.number(sample, "speed_limit");
            if (limit.isEmpty()) {
                throw new InvalidInputException("speed is given without speed_limit");
            }
            double exceeding = v.getAsDouble() - limit.getAsDouble();
            if (exceeding > 0.0) {
                tooFast = true;
                speedFactor = Math.max(0.0, 1.0 - exceeding / maxOverspeed);
            }
        }
        boolean ttcViolation = ttc && Inputs.flag(sample, "ttc_violation");
        double comfortFactor = 1.0;
        if (comfort) {
            OptionalDouble k = Inputs.number(sample, "comfort_violations");
            if (k.isPresent()) {
                double kv = k.getAsDouble();
                if (kv < 0 || kv > 6 || kv != Math.rint(kv)) {
                    throw new InvalidInputException("comfort_violations must be an integer in [0, 6], got " + kv);
                }
                comfortFactor = 1.0 - 0.5 * (kv / 6.0);
            }
        }
        if (singleReward) {
            if (tooFast) {
                p = speedFactor * p;
                factors.put("speeding", speedFactor);
            }
            if (ttcViolation) {
                p = 0.5 * p;
                factors.put("ttc", 0.5);
            }
            if (comfortFactor < 1.0) {
                p = comfortFactor * p;
                factors.put("comfort", comfortFactor);
            }
        } else {
            double rTtc = (ttcViolation ? 0.0 : 100.0) / 2000;
            double rSpeed = (tooFast ? 0.0 : 100.0) / 2000;
            double rComfort = (comfortFactor < 1.0 ? 0.0 : 100.0) / 2000;
            p = (5 * p + 5 * rTtc + 4 * rSpeed + 2 * rComfort) / 16;
        }
        if (laneCentering) {
            OptionalDouble frames = Inputs.number(sample, "lane_distance_violation_frames");
            if (frames.isPresent() && frames.getAsDouble() > laneFrames) {
                p = 0.5 * p;
                factors.put("lane_centering", 0.5);
            }
        }
        if (minSpeed && v.isPresent()) {
            OptionalDouble traffic = Inputs.number(sample, "mean_traffic_speed");
            if (traffic.isPresent() && traffic.getAsDouble() > 0) {
                double f = Math.max(0.0, Math.min(1.0, v.getAsDouble() / traffic.getAsDouble()));
                p = f * p;
                factors.put("min_speed", f);
            }
        }
        if (actionChange && Inputs.flag(sample, "action_changed")) {
            p = 0.5 * p;
            factors.put("action_change", 0.5);
        }
        List<String> reasons = termination(sample);
        double terminal = 0.0;
        if (!reasons.isEmpty()) {
            terminal = terminalReward;
            boolean hint = reasons.contains("collision") || reasons.contains("vehicle_too_close")
                    || (rlTerminationHint && reasons.contains("red_light"));
            if (hint) {
                terminal -= terminalHint;
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("progress", p);
        details.put("terminal", terminal);
        if (!reasons.isEmpty()) {
            details.put("termination", reasons);
        }
        return new RewardResult(p + terminal, Status.OK, "", details, factors);
    }

    private static double delta(Sample s) {
        OptionalDouble d = Inputs.number(s, "route_completion_delta");
        if (d.isPresent()) {
            return d.getAsDouble();
        }
        OptionalDouble now = Inputs.number(s, "route_completion");
        OptionalDouble prev = Inputs.number(s, "route_completion_prev");
        if (now.isEmpty() || prev.isEmpty()) {
            throw new InvalidInputException("carl_route needs route_completion_delta, or route_completion and "
                    + "route_completion_prev, in meta");
        }
        return now.getAsDouble() - prev.getAsDouble();
    }

    private static List<String> termination(Sample s) {
        JsonNode t = Inputs.lookup(s, "termination");
        List<String> out = new ArrayList<>();
        if (t == null || t.isBoolean() && !t.asBoolean()) {
            return out;
        }
        if (t.isTextual()) {
            out.add(t.asText());
        } else if (t.isArray()) {
            for (JsonNode r : t) {
                if (!r.isTextual()) {
                    throw new InvalidInputException("termination reasons must be strings");
                }
                out.add(r.asText());
            }
        } else {
            throw new InvalidInputException("termination must be a reason or a list of reasons");
        }
        for (String r : out) {
            if (!REASONS.contains(r)) {
                throw new InvalidInputException("unknown termination reason '" + r + "'; known: " + String.join(", ", REASONS.stream().sorted().toList()));
            }
        }
        return out;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "carl_route"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "tools"; }
        @Override public String source() { return "CaRL (Jaeger et al. 2025) SimpleReward.get (catalog A15)"; }
        @Override public String description() {
            return "Per-step route-completion progress × soft penalty factors, plus a terminal penalty (−1 on collisions).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("single_reward", ParamKind.BOOL, true, "multiplicative penalties; false: the nuPlan-style weighted sum"),
                    Param.optional("speeding", ParamKind.BOOL, true, "speeding penalty"),
                    Param.optional("max_overspeed", ParamKind.DOUBLE, 2.23, "m/s over the limit at which the speeding factor reaches 0"),
                    Param.optional("ttc", ParamKind.BOOL, true, "time-to-collision penalty (× 0.5)"),
                    Param.optional("comfort", ParamKind.BOOL, true, "comfort penalty (× 1 − 0.5·k/6)"),
                    Param.optional("lane_centering", ParamKind.BOOL, true, "lane-centre penalty (× 0.5), CaRL's use_perc_progress"),
                    Param.optional("lane_frames", ParamKind.INT, 30, "the lane counter must exceed this many frames"),
                    Param.optional("min_speed", ParamKind.BOOL, false, "min-speed factor clip(v / mean traffic speed, 0, 1)"),
                    Param.optional("action_change", ParamKind.BOOL, false, "× 0.5 when the action changed too much"),
                    Param.optional("terminal_reward", ParamKind.DOUBLE, 0.0, "reward on termination"),
                    Param.optional("terminal_hint", ParamKind.DOUBLE, 1.0, "subtracted on collision-like terminations"),
                    Param.optional("rl_termination_hint", ParamKind.BOOL, true, "a red light also gets the hint"));
        }

        @Override
        public Reward create(Params p) {
            if (!(p.number("max_overspeed") > 0)) {
                throw p.error("max_overspeed", "max_overspeed must be positive");
            }
            return new CarlRoute(p.bool("single_reward"), p.bool("speeding"), p.number("max_overspeed"), p.bool("ttc"),
                    p.bool("comfort"), p.bool("lane_centering"), p.integer("lane_frames"), p.bool("min_speed"),
                    p.bool("action_change"), p.number("terminal_reward"), p.number("terminal_hint"),
                    p.bool("rl_termination_hint"), p.signature(version()));
        }
    }
}
