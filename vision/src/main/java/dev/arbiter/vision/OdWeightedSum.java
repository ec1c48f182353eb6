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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code od_weighted_sum}: VLM-R1's {@code weighted_sum} detection score (catalog A5, {@code detection_score}), in
 * [0, 1]: {@code (α·position + β·label + γ·completeness)/(α + β + γ)} after greedy IoU matching.
 *
 * <p><b>Inputs.</b> Both sides go through VLM-R1's {@code clean_text} (last answer block, newlines folded,
 * lower-cased); then the first {@code ```json} block of each is the box list. The reference is VLM-R1 solution
 * text, or a JSON list of {@code {"bbox_2d", "label"}} objects.
 *
 * <p><b>Algorithm.</b> A cleaned ground truth of {@code none} scores 1 iff the cleaned prediction is {@code none}.
 * No ground-truth boxes: 1 iff no predictions. No predictions: 0. The IoU matrix uses the legacy −1/+1 IoU (A2), an
 * entry that cannot be computed is 0. Greedy matching takes the globally highest IoU among unmatched pairs (first
 * in prediction-major order on ties) until it falls below {@code iou_threshold}; a pair with different labels
 * (ignoring case) is consumed with IoU 0. position = Σ matched IoU/|G|, label = #same-label/|G|, completeness =
 * 1 − (unmatchedG/|G| + unmatchedP/|P|)/2. A prediction item that is not an object with a box counts in |P| but
 * never matches; a missing label is the empty string.
 */
public record OdWeightedSum(double alpha, double beta, double gamma, double iouThreshold, RewardSignature signature)
        implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        String content = Vlmr1Text.cleanText(response, deadline);
        List<JsonNode> gt;
        JsonNode ref = sample.reference();
        if (ref != null && ref.isArray()) {
            gt = new ArrayList<>();
            ref.forEach(gt::add);
        } else {
            String sol = Vlmr1Text.cleanText(SampleInputs.referenceText(sample), deadline);
            if (sol.equals("none")) {
                return content.equals("none") ? RewardResult.ok(1.0, "both answers are none")
                        : RewardResult.ok(0.0, "the ground truth is none");
            }
            Optional<String> fence = Tags.first(Tags.JSON_FENCE, Vlmr1Text.cleanText(sol, deadline), deadline);
            if (fence.isEmpty()) {
                gt = List.of();
            } else {
                JsonNode parsed = PyJson.loads(fence.get()).orElseThrow(() ->
                        new InvalidInputException("the reference's ```json block is not valid JSON"));
                gt = items(parsed);
            }
        }
        Optional<String> predFence = Tags.first(Tags.JSON_FENCE, Vlmr1Text.cleanText(content, deadline), deadline);
        List<JsonNode> pred = predFence.flatMap(PyJson::loads).map(OdWeightedSum::items).orElse(List.of());
        return detectionScore(pred, gt, deadline);
    }

    private static List<JsonNode> items(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        } else if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                out.add(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(it.next()));
            }
        }
        return out;
    }

    RewardResult detectionScore(List<JsonNode> pred, List<JsonNode> gt, Deadline deadline) {
        if (gt.isEmpty()) {
            return pred.isEmpty() ? RewardResult.ok(1.0, "no objects and none predicted")
                    : RewardResult.ok(0.0, "predictions for an image without objects");
        }
        if (pred.isEmpty()) {
            return RewardResult.ok(0.0, "no predictions parsed");
        }
        int np = pred.size();
        int ng = gt.size();
        double[][] iou = new double[np][ng];
        for (int i = 0; i < np; i++) {
            deadline.check();
            Optional<Box> p = box(pred.get(i));
            for (int j = 0; j < ng; j++) {
                Optional<Box> g = box(gt.get(j));
                iou[i][j] = p.isPresent() && g.isPresent() ? p.get().legacyIou(g.get()) : 0.0;
            }
        }
        boolean[] predUsed = new boolean[np];
        boolean[] gtUsed = new boolean[ng];
        int unmatchedP = np;
        int unmatchedG = ng;
        double positionSum = 0;
        int labelsCorrect = 0;
        while (unmatchedP > 0 && unmatchedG > 0) {
            deadline.check();
            double max = -1;
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < np; i++) {
                if (predUsed[i]) {
                    continue;
                }
                for (int j = 0; j < ng; j++) {
                    if (!gtUsed[j] && iou[i][j] > max) {
                        max = iou[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (max < iouThreshold) {
                break;
            }
            boolean same = label(pred.get(bi)).equals(label(gt.get(bj)));
            if (same) {
                positionSum += max;
                labelsCorrect++;
            }
            predUsed[bi] = true;
            gtUsed[bj] = true;
            unmatchedP--;
            unmatchedG--;
        }
        double position = positionSum / ng;
        double label = (double) labelsCorrect / ng;
        double completeness = 1.0 - ((double) unmatchedG / ng + (double) unmatchedP / np) / 2.0;
        double score = (alpha * position + beta * label + gamma * completeness) / (alpha + beta + gamma);
        return new RewardResult(score, dev.arbiter.core.Status.OK, "", Map.of("position", position, "label", label,
                "completeness", completeness), Map.of());
    }

    private static Optional<Box> box(JsonNode item) {
        if (item == null || !item.isObject()) {
            return Optional.empty();
        }
        JsonNode b = item.get("bbox_2d");
        if (b == null || !b.isArray() || b.size() < 4) {
            return Optional.empty();
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!b.get(i).isNumber()) {
                return Optional.empty();
            }
            v[i] = b.get(i).asDouble();
        }
        return Optional.of(new Box(v[0], v[1], v[2], v[3]));
    }

    private static String label(JsonNode item) {
        JsonNode l = item.isObject() ? item.get("label") : null;
        return l != null && l.isTextual() ? l.asText().toLowerCase(Locale.ROOT) : "";
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "od_weighted_sum"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "VLM-R1 weighted_sum detection_score (catalog A5)"; }
        @Override public String description() {
            return "(α·position + β·label + γ·completeness)/(α+β+γ) after greedy IoU matching of JSON detections, in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("alpha", ParamKind.DOUBLE, 0.7, "weight of position accuracy (mean matched IoU)"),
                    Param.optional("beta", ParamKind.DOUBLE, 0.0, "weight of label accuracy"),
                    Param.optional("gamma", ParamKind.DOUBLE, 0.3, "weight of completeness (misses and false alarms)"),
                    Param.optional("iou_threshold", ParamKind.DOUBLE, 0.5, "greedy matching stops below this IoU"));
        }

        @Override
        public Reward create(Params p) {
            double a = p.number("alpha");
            double b = p.number("beta");
            double g = p.number("gamma");
            if (a < 0 || b < 0 || g < 0 || a + b + g <= 0) {
                throw p.error("alpha", "alpha, beta and gamma must be non-negative with a positive sum");
            }
            return new OdWeightedSum(a, b, g, p.number("iou_threshold"), p.signature(version()));
        }
    }
}
