package dev.arbiter.models.eureka;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What the trainer recorded for one candidate's training run: whether it ran, the task score over training (whose
 * max is the candidate's fitness, like Eureka's {@code consecutive_successes}), each reward component's mean per
 * logged step, and optionally the candidate's and the ground-truth reward per logged step (for their correlation).
 *
 * <p>JSON form (one element of a runs file):
 * <pre>
 * {"index": 0, "status": "ok",            // or "failed" with "error": "the traceback or message"
 *  "fitness": [0.0, 0.1, …],              // the task score per logged step, or one number (the max)
 *  "components": {"accuracy": [...], "format": [...]},
 *  "reward": [...], "gt_reward": [...],   // optional, equally long: their Pearson correlation
 *  "correlation": 0.8,                    // optional, overrides reward/gt_reward
 *  "spec": "candidate-0.yaml"}            // optional: the spec (text or path), kept for the best-so-far record
 * </pre>
 *
 * @param index      the candidate's index (0-based)
 * @param executed   the run finished without error
 * @param error      why it failed, or {@code null}
 * @param fitness    the task score per logged step (one value when only the max was recorded); empty when failed
 * @param components component name → its values per logged step, in the order given
 * @param reward     the candidate reward per logged step, or {@code null}
 * @param groundTruth the ground-truth reward per logged step, or {@code null}
 * @param givenCorrelation the correlation as recorded, or {@code null}
 * @param spec       the spec text or path, or {@code null}
 */
public record RunLog(int index, boolean executed, String error, double[] fitness, Map<String, double[]> components,
                     double[] reward, double[] groundTruth, Double givenCorrelation, String spec) {

    public RunLog {
        if (index < 0) {
            throw new IllegalArgumentException("index (" + index + ") must not be negative");
        }
        fitness = fitness == null ? new double[0] : fitness.clone();
        components = components == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(components));
        if (executed && fitness.length == 0) {
            executed = false;
            error = "the run logged no fitness (task score)";
        }
        if (executed) {
            for (int i = 0; i < fitness.length; i++) {
                if (!Double.isFinite(fitness[i])) {
                    executed = false;
                    error = "the task score is not finite at logged step " + i;
                    break;
                }
            }
        }
        if (!executed && (error == null || error.isBlank())) {
            error = "the run failed (no error recorded)";
        }
    }

    /** A failed run: fitness {@link Selection#DUMMY_FAILURE}, its error fed back. */
    public static RunLog failed(int index, String error, String spec) {
        return new RunLog(index, false, error, null, null, null, null, null, spec);
    }

    /** The candidate's fitness: the max of its task score, or {@link Selection#DUMMY_FAILURE} when it failed. */
    public double fitnessValue() {
        if (!executed) {
            return Selection.DUMMY_FAILURE;
        }
        return Arrays.stream(fitness).max().orElseThrow();
    }

    /** The given correlation, else Pearson's of {@code reward} and {@code gt_reward}, when defined. */
    public OptionalDouble correlation() {
        if (givenCorrelation != null) {
            return Double.isFinite(givenCorrelation) ? OptionalDouble.of(givenCorrelation) : OptionalDouble.empty();
        }
        if (reward != null && groundTruth != null && reward.length == groundTruth.length) {
            double r = SeriesStats.pearson(reward, groundTruth);
            return Double.isFinite(r) ? OptionalDouble.of(r) : OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }

    /** The same run with a correlation (for instance from an offline evaluation) when it has none of its own. */
    public RunLog withCorrelationIfAbsent(double r) {
        if (correlation().isPresent() || !Double.isFinite(r)) {
            return this;
        }
        return new RunLog(index, executed, error, fitness, components, reward, groundTruth, r, spec);
    }

    /**
     * Reads the runs of one iteration: a JSON array of runs, or an object with a {@code runs} (or {@code candidates})
     * array. Runs without {@code index} take their position. Sorted by index.
     *
     * @throws IllegalArgumentException naming the run and the field at fault
     */
    public static List<RunLog> listFromJson(JsonNode n) {
        JsonNode arr = n;
        if (n != null && n.isObject()) {
            arr = n.has("runs") ? n.get("runs") : n.get("candidates");
        }
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of runs, or an object with a 'runs' array");
        }
        Map<Integer, RunLog> byIndex = new TreeMap<>();
        int pos = 0;
        for (JsonNode r : arr) {
            RunLog log = fromJson(r, pos);
            if (byIndex.put(log.index(), log) != null) {
                throw new IllegalArgumentException("run " + pos + ": candidate index " + log.index() + " appears twice");
            }
            pos++;
        }
        return List.copyOf(byIndex.values());
    }

    /** Reads one run; {@code position} names it in messages and is its index when it has none. */
    public static RunLog fromJson(JsonNode r, int position) {
        String where = "run " + position;
        if (r == null || !r.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        int index = position;
        if (r.has("index")) {
            if (!r.get("index").canConvertToInt() || !r.get("index").isIntegralNumber() || r.get("index").asInt() < 0) {
                throw new IllegalArgumentException(where + ": index must be a non-negative integer");
            }
            index = r.get("index").asInt();
        }
        String error = text(r, "error", where);
        String status = text(r, "status", where);
        boolean executed;
        if (status == null) {
            executed = error == null;
        } else if (status.equals("ok")) {
            executed = true;
        } else if (status.equals("failed") || status.equals("error")) {
            executed = false;
        } else {
            throw new IllegalArgumentException(where + ": status must be ok or failed, got '" + status + "'");
        }
        double[] fitness;
        JsonNode f = r.get("fitness");
        if (f == null || f.isNull()) {
            fitness = new double[0];
        } else if (f.isNumber()) {
            fitness = new double[] {f.asDouble()};
        } else {
            fitness = numbers(f, where + ": fitness");
        }
        Map<String, double[]> comps = new LinkedHashMap<>();
        JsonNode c = r.get("components");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                throw new IllegalArgumentException(where + ": components must be a map of name → list of numbers");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                comps.put(e.getKey(), numbers(e.getValue(), where + ": components." + e.getKey()));
            }
        }
        double[] reward = r.hasNonNull("reward") ? numbers(r.get("reward"), where + ": reward") : null;
        double[] gt = r.hasNonNull("gt_reward") ? numbers(r.get("gt_reward"), where + ": gt_reward") : null;
        if (reward != null && gt != null && reward.length != gt.length) {
            throw new IllegalArgumentException(where + ": reward and gt_reward differ in length (" + reward.length
                    + " vs " + gt.length + ")");
        }
        Double corr = null;
        if (r.hasNonNull("correlation")) {
            if (!r.get("correlation").isNumber()) {
                throw new IllegalArgumentException(where + ": correlation must be a number");
            }
            corr = r.get("correlation").asDouble();
        }
        return new RunLog(index, executed, error, executed ? fitness : null, comps, reward, gt, corr,
                text(r, "spec", where));
    }

    private static String text(JsonNode r, String key, String where) {
        JsonNode v = r.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": " + key + " must be a string");
        }
        return v.asText();
    }

    private static double[] numbers(JsonNode a, String where) {
        if (!a.isArray()) {
            throw new IllegalArgumentException(where + " must be a list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode x : a) {
            if (x.isNumber()) {
                out.add(x.asDouble());
            } else if (x.isTextual() && (x.asText().equalsIgnoreCase("nan") || x.asText().toLowerCase().matches("[+-]?inf(inity)?"))) {
                out.add(x.asText().equalsIgnoreCase("nan") ? Double.NaN
                        : x.asText().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            } else {
                throw new IllegalArgumentException(where + " must be a list of numbers, found " + x);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
