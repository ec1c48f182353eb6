package dev.arbiter.vision;

import dev.arbiter.core.json.PyJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vision-R1's criterion-driven rewards (catalog A7): {@code vision_r1_precision}, {@code vision_r1_recall} and
 * {@code vision_r1_format}. The paper sums the three (weights 1) before GRPO; compose them with {@code weighted}.
 *
 * <p><b>Inputs.</b> The response: a JSON list of {@code {"bbox_2d": [x1, y1, x2, y2], "label": …}} (a leading
 * {@code ```json} line and anything after a closing fence are dropped), in model-input pixels; coordinates are cast
 * to int and boxes with x1 ≥ x2 or y1 ≥ y2 dropped; if the JSON yields nothing, the exact text pattern
 * {@code {"bbox_2d": [a, b, c, d], "label": "…"}} with 0–1000 integers is searched instead. Predictions are rescaled
 * by {@code meta.image_size / meta.input_size} (unchanged without an input size). The reference: the ground-truth
 * list in image pixels — Vision-R1's {@code [[label, [x1, y1, x2, y2]], …]}, or {@code {bbox_2d, label}} objects.
 * {@code meta.num_instances} (default: the reference's size), {@code meta.target_id_map} (label → id ≥ 1; default:
 * the reference's labels in order of appearance) and {@code meta.global_step} (required when {@code progressive}).
 *
 * <p><b>Matching.</b> Hungarian assignment (SciPy's algorithm) on {@code L1 − [same class] − GIoU}; unknown predicted
 * labels are class 0. Each of the min(#pred, #gt) assigned pairs contributes its GIoU; labels do not enter the reward.
 * {@code modify(x; lo, hi)} is 0 below lo, 1 above hi, x otherwise.
 * <ul>
 *   <li><b>precision</b>: mean over pairs of modify(GIoU; lo, hi) with (0, 1) by default, or with
 *       {@code progressive: true} (0.5, 0.75) before {@code switch_step} and (0.75, 0.9) from it.</li>
 *   <li><b>recall</b>: tp = Σ modify(GIoU; t, t) (t = 0.5, or 0.75 from the switch step when progressive; a GIoU of
 *       exactly t counts t), recall = tp/num_instances, then modify(recall; 0.5, 0.75) when progressive, else
 *       modify(recall; 0, 1).</li>
 *   <li>Nothing parsed: 0 when the image has instances, else 1. Predictions for an image with no instance: 0 (the
 *       authors' code raises).</li>
 *   <li><b>format</b>: 1 if the response (fences {@code ```json\n} and {@code \n```} removed) is valid JSON and no
 *       object carrying both {@code bbox_2d} and {@code label} has a {@code bbox_2d} that is not a 4-list, else 0;
 *       inverted (1 − v) for images with no instance.</li>
 * </ul>
 * The released run script does not pass {@code --adaptive}, so {@code progressive} defaults to false. The authors
 * compute in float32; results here are double and agree to about 1e-6.
 */
public final class VisionR1 {
    private static final Pattern FALLBACK = Pattern.compile(
            "\\{\"bbox_2d\": \\[(\\d{1,3}|1000), (\\d{1,3}|1000), (\\d{1,3}|1000), (\\d{1,3}|1000)\\], \"label\": \"([^\"]+)\"\\}");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\n\r\u000B\u000C\u001C\u001D\u001E\u0085\u2028\u2029]");
    private static final Pattern FORMAT_FENCES = Pattern.compile("```json\n|\n```");

    private VisionR1() {
    }

    enum Kind { PRECISION, RECALL, FORMAT }

    /** Progressive rule refinement (A7g): thresholds switch at {@code switchStep} when enabled. */
    record Schedule(boolean progressive, long switchStep) {
        long step(Sample s) {
            OptionalLong step = SampleInputs.step(s);
            if (progressive && step.isEmpty()) {
                throw new InvalidInputException("progressive thresholds need the training step in meta.global_step");
            }
            return step.orElse(0);
        }
    }

    record Scored(double score, String reason, int predictions, List<Double> gious) {
    }

    record Criterion(Kind kind, Schedule schedule, RewardSignature signature) implements Reward {
        @Override
        public RewardResult score(Sample sample, Deadline deadline) {
            String response = References.response(sample);
            List<LabeledBox> gt = VisionReferences.boxList(sample, deadline);
            int numInstances = numInstances(sample, gt);
            if (kind == Kind.FORMAT) {
                double v = validJson(response) ? 1.0 : 0.0;
                double r = numInstances > 0 ? v : 1.0 - v;
                return RewardResult.ok(r).withDetail("valid_json", v == 1.0).withDetail("num_instances", numInstances);
            }
            long step = schedule.step(sample);
            List<LabeledBox> dt = extract(Tags.pyStrip(response), deadline);
            if (dt.isEmpty()) {
                return RewardResult.ok(numInstances > 0 ? 0.0 : 1.0, "no boxes parsed")
                        .withDetail("num_instances", numInstances);
            }
            if (gt.isEmpty() || numInstances == 0) {
                return RewardResult.ok(0.0, "boxes predicted for an image without instances");
            }
            ImageGeometry geometry = ImageGeometry.from(sample.meta());
            Map<String, Integer> ids = targetIds(sample, gt);
            List<Double> gious = matchedGious(dt, gt, ids, geometry, deadline);
            boolean late = schedule.progressive() && step >= schedule.switchStep();
            double score;
            if (kind == Kind.PRECISION) {
                double lo = !schedule.progressive() ? 0 : late ? 0.75 : 0.5;
                double hi = !schedule.progressive() ? 1 : late ? 0.9 : 0.75;
                double sum = 0;
                for (double g : gious) {
                    sum += modifyTensor(g, lo, hi);
                }
                score = sum / gious.size();
            } else {
                double t = late ? 0.75 : 0.5;
                double tp = 0;
                for (double g : gious) {
                    tp += modifyTensor(g, t, t);
                }
                double recall = tp / numInstances;
                score = schedule.progressive() ? modifyList(recall, 0.5, 0.75) : modifyList(recall, 0, 1);
            }
            return RewardResult.ok(score).withDetail("giou", gious).withDetail("predictions", dt.size())
                    .withDetail("num_instances", numInstances);
        }
    }

    /** {@code modify_tensor}: below lo → 0, then above hi → 1. */
    static double modifyTensor(double x, double lo, double hi) {
        double v = x < lo ? 0 : x;
        return v > hi ? 1 : v;
    }

    /** {@code modify_list}: 0 if x < lo, 1 if x > hi, else x. */
    static double modifyList(double x, double lo, double hi) {
        return x < lo ? 0 : x > hi ? 1 : x;
    }

    static int numInstances(Sample s, List<LabeledBox> gt) {
        JsonNode n = s.meta().get("num_instances");
        if (n == null || n.isNull()) {
            return gt.size();
        }
        double v = SampleInputs.finite(n, "meta.num_instances");
        if (v < 0 || v != Math.rint(v)) {
            throw new InvalidInputException("meta.num_instances must be a non-negative integer, got " + v);
        }
        return (int) v;
    }

    static Map<String, Integer> targetIds(Sample s, List<LabeledBox> gt) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        JsonNode m = s.meta().get("target_id_map");
        if (m != null && !m.isNull()) {
            if (m.isTextual()) {
                m = PyJson.loads(m.asText()).orElseThrow(() -> new InvalidInputException("meta.target_id_map is not JSON"));
            }
            if (!m.isObject()) {
                throw new InvalidInputException("meta.target_id_map must map labels to ids");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                double id = SampleInputs.finite(e.getValue(), "meta.target_id_map." + e.getKey());
                if (id < 0 || id != Math.rint(id) || id > 100_000) {
                    throw new InvalidInputException("meta.target_id_map ids must be small non-negative integers");
                }
                ids.put(e.getKey().toLowerCase(Locale.ROOT), (int) id);
            }
        } else {
            for (LabeledBox g : gt) {
                if (g.label() != null) {
                    ids.putIfAbsent(g.label().toLowerCase(Locale.ROOT), ids.size() + 1);
                }
            }
        }
        for (LabeledBox g : gt) {
            if (g.label() == null || !ids.containsKey(g.label().toLowerCase(Locale.ROOT))) {
                throw new InvalidInputException("ground-truth label '" + g.label() + "' is not in the target id map");
            }
        }
        return ids;
    }

    static List<Double> matchedGious(List<LabeledBox> dt, List<LabeledBox> gt, Map<String, Integer> ids,
                                     ImageGeometry geometry, Deadline deadline) {
        int np = dt.size();
        int ng = gt.size();
        Box[] p = new Box[np];
        int[] pc = new int[np];
        for (int i = 0; i < np; i++) {
            p[i] = CoordinateFrame.INPUT.toPixels(dt.get(i).box(), geometry);
            String l = dt.get(i).label();
            pc[i] = l == null ? 0 : ids.getOrDefault(Tags.pyStrip(l).toLowerCase(Locale.ROOT), 0);
        }
        double[][] cost = new double[np][ng];
        double[][] giou = new double[np][ng];
        for (int i = 0; i < np; i++) {
            deadline.check();
            for (int j = 0; j < ng; j++) {
                Box g = gt.get(j).box();
                giou[i][j] = p[i].giou(g);
                int gc = ids.get(gt.get(j).label().toLowerCase(Locale.ROOT));
                cost[i][j] = p[i].l1(g) - (pc[i] == gc ? 1.0 : 0.0) - giou[i][j];
            }
        }
        int[] assignment = Hungarian.solve(cost, deadline);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < np; i++) {
            if (assignment[i] >= 0) {
                out.add(giou[i][assignment[i]]);
            }
        }
        return out;
    }

    /** Vision-R1's {@code extract}: JSON first, then the exact-text fallback pattern. */
    static List<LabeledBox> extract(String completion, Deadline deadline) {
        List<LabeledBox> out = new ArrayList<>();
        Optional<JsonNode> parsed = parseJson(completion);
        if (parsed.isPresent() && parsed.get().isArray()) {
            for (JsonNode item : parsed.get()) {
                if (!item.isObject()) {
                    continue;
                }
                JsonNode bbox = item.get("bbox_2d");
                if (bbox == null || !bbox.isArray() || bbox.size() != 4) {
                    continue;
                }
                long[] v = new long[4];
                boolean ok = true;
                for (int i = 0; i < 4 && ok; i++) {
                    Long c = pyInt(bbox.get(i));
                    ok = c != null;
                    v[i] = ok ? c : 0;
                }
                if (ok && v[0] < v[2] && v[1] < v[3]) {
                    JsonNode label = item.get("label");
                    out.add(new LabeledBox(label != null && label.isTextual() ? label.asText() : null,
                            new Box(v[0], v[1], v[2], v[3])));
                }
            }
        }
        if (out.isEmpty()) {
            Matcher m = FALLBACK.matcher(deadline.guard(completion));
            while (m.find()) {
                int x1 = Integer.parseInt(m.group(1));
                int y1 = Integer.parseInt(m.group(2));
                int x2 = Integer.parseInt(m.group(3));
                int y2 = Integer.parseInt(m.group(4));
                if (x1 < x2 && y1 < y2) {
                    out.add(new LabeledBox(m.group(5), new Box(x1, y1, x2, y2)));
                }
            }
        }
        return out;
    }

    /** Vision-R1's {@code parse_json}: drop a first line starting with ```json, cut at the next ```, json.loads. */
    static Optional<JsonNode> parseJson(String output) {
        String[] lines = LINE_BREAK.split(Tags.pyStrip(output), -1);
        if (Tags.pyStrip(output).isEmpty()) {
            return Optional.empty();
        }
        String json = output;
        if (lines[0].startsWith("```json")) {
            json = String.join("\n", java.util.Arrays.asList(lines).subList(1, lines.length));
        }
        int fence = json.indexOf("```");
        if (fence >= 0) {
            json = json.substring(0, fence);
        }
        return PyJson.loads(json);
    }

    /** Python's {@code int(x)} for JSON values: numbers truncate toward zero, integer strings parse; else null. */
    static Long pyInt(JsonNode n) {
        if (n.isBoolean()) {
            return n.asBoolean() ? 1L : 0L;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? n.asLong() : null;
        }
        if (n.isNumber()) {
            double d = n.asDouble();
            if (!Double.isFinite(d) || Math.abs(d) > 9e18) {
                return null;
            }
            return (long) d;
        }
        if (n.isTextual()) {
            String t = Tags.pyStrip(n.asText()).replace("_", "");
            if (t.matches("[+-]?\\d+") && t.length() < 19) {
                return new BigDecimal(t).longValue();
            }
        }
        return null;
    }

    /** {@code dual_format_reward}'s {@code validate_bbox_label}. */
    static boolean validJson(String response) {
        String text = Tags.pyStrip(FORMAT_FENCES.matcher(response).replaceAll(""));
        Optional<JsonNode> data = PyJson.loads(text);
        if (data.isEmpty()) {
            return false;
        }
        if (data.get().isArray()) {
            for (JsonNode item : data.get()) {
                if (item.isObject() && item.has("bbox_2d") && item.has("label")) {
                    JsonNode b = item.get("bbox_2d");
                    if (!(b.isArray() && b.size() == 4)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static List<Param> parameters(boolean withSchedule) {
        if (!withSchedule) {
            return List.of();
        }
        return List.of(
                Param.optional("progressive", ParamKind.BOOL, false,
                        "progressive rule refinement (--adaptive): thresholds rise at switch_step; needs meta.global_step"),
                Param.optional("switch_step", ParamKind.INT, 1500, "the training step at which the stricter thresholds start"));
    }

    static Schedule schedule(Params p) {
        if (p.integer("switch_step") < 0) {
            throw p.error("switch_step", "switch_step must not be negative");
        }
        return new Schedule(p.bool("progressive"), p.integer("switch_step"));
    }

    public static final class PrecisionFactory implements RewardFactory {
        @Override public String name() { return "vision_r1_precision"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "Vision-R1 precision_reward (catalog A7d), jefferyZhan/Griffon"; }
        @Override public String description() {
            return "Mean thresholded GIoU of Hungarian-matched predicted boxes, in [0, 1]; progressive thresholds optional.";
        }
        @Override public List<Param> parameters() { return VisionR1.parameters(true); }
        @Override public Reward create(Params p) { return new Criterion(Kind.PRECISION, schedule(p), p.signature(version())); }
    }

    public static final class RecallFactory implements RewardFactory {
        @Override public String name() { return "vision_r1_recall"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "Vision-R1 recall_reward (catalog A7e), jefferyZhan/Griffon"; }
        @Override public String description() {
            return "Share of instances matched with GIoU above the threshold, thresholded again, in [0, 1].";
        }
        @Override public List<Param> parameters() { return VisionR1.parameters(true); }
        @Override public Reward create(Params p) { return new Criterion(Kind.RECALL, schedule(p), p.signature(version())); }
    }

    public static final class FormatFactory implements RewardFactory {
        @Override public String name() { return "vision_r1_format"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "Vision-R1 dual_format_reward (catalog A7f), jefferyZhan/Griffon"; }
        @Override public String description() {
            return "1 for valid box JSON when the image has instances, 1 for no valid JSON when it has none; else 0.";
        }
        @Override public List<Param> parameters() { return VisionR1.parameters(false); }
        @Override public Reward create(Params p) { return new Criterion(Kind.FORMAT, new Schedule(false, 0), p.signature(version())); }
    }
}
