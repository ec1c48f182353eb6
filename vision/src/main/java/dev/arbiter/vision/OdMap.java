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
import java.util.List;
import java.util.Optional;

/**
 * {@code od_map} (catalog A3, VLM-R1's {@code od_ap}/{@code od_ap50}) and {@code od_length} (A4, {@code odLength}):
 * single-image COCO mAP of the predicted detections against the ground truth, in [0, 1].
 *
 * <p><b>Inputs.</b> The response: the <em>last</em> {@code <answer>…</answer>}, inside it the last
 * {@code ```json […]```} block, a list of {@code {"bbox_2d": [x1, y1, x2, y2], "label": …}}. The reference, in the same
 * frame as the predictions: VLM-R1's solution text (first {@code <answer>}, last json fence; without an answer tag
 * the whole text), or a JSON list of such objects. Ground-truth items must have a label and a box, else the sample
 * is {@code invalid_input} (the authors' code would crash).
 *
 * <p><b>Rules</b> (VLM-R1): no answer block → 0; prediction and ground truth both the literal {@code None} → 1; a
 * prediction that is not valid JSON → no detections; both lists empty → 1; exactly one empty → 0; predictions with
 * a label the ground truth lacks are dropped, not counted as false positives (all dropped → 0); detections are taken
 * in emission order (all scores tie). {@code od_length} multiplies AP@[.5:.95] by {@code nGT/nPred} when the model
 * emits more items than there are ground-truth boxes ({@code nPred} counts every parsed item, dropped ones too).
 *
 * <p><b>code_faithful: false</b> also reads predictions that are not fenced (any JSON list or box tags in the
 * answer); everything else is unchanged.
 */
public record OdMap(boolean ap50, boolean lengthPenalty, boolean codeFaithful, RewardSignature signature)
        implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        GroundTruth gt = groundTruth(sample, deadline);
        Optional<String> answer = Tags.last(Tags.ANSWER, response, deadline).map(Tags::pyStrip);
        if (answer.isEmpty()) {
            return RewardResult.ok(0.0, "no <answer> block");
        }
        if (gt.noneLiteral && answer.get().equals("None")) {
            return RewardResult.ok(1.0, "both answers are None");
        }
        Predictions pred = predictions(answer.get(), deadline);
        double base;
        String reason = "";
        CocoEval.Result r = null;
        if (pred.items > 0 && !gt.boxes.isEmpty()) {
            r = CocoEval.evaluate(gt.boxes, pred.detections, deadline);
            base = ap50 ? r.ap50() : r.ap();
        } else if (pred.items == 0 && gt.boxes.isEmpty()) {
            base = 1.0;
            reason = "no objects predicted and none in the ground truth";
        } else {
            base = 0.0;
            reason = pred.items == 0 ? "no detections parsed" : "detections for an image without objects";
        }
        double score = base;
        if (lengthPenalty && pred.items > gt.boxes.size()) {
            score = base * gt.boxes.size() / pred.items;
        }
        RewardResult out = RewardResult.ok(score, reason).withDetail("n_pred", pred.items).withDetail("n_gt", gt.boxes.size());
        if (r != null) {
            out = out.withDetail("ap", r.ap()).withDetail("ap50", r.ap50());
        }
        return out;
    }

    record GroundTruth(List<LabeledBox> boxes, boolean noneLiteral) {
    }

    record Predictions(List<LabeledBox> detections, int items) {
    }

    private static GroundTruth groundTruth(Sample s, Deadline deadline) {
        JsonNode ref = s.reference();
        if (ref == null) {
            throw new InvalidInputException("the sample has no reference detections");
        }
        if (ref.isArray()) {
            return new GroundTruth(gtItems(ref), false);
        }
        if (!ref.isTextual()) {
            throw new InvalidInputException("the reference must be VLM-R1 solution text or a list of {bbox_2d, label}, got "
                    + SampleInputs.abbreviate(ref));
        }
        String text = ref.asText();
        String answer = Tags.first(Tags.ANSWER, text, deadline).map(Tags::pyStrip).orElse(Tags.pyStrip(text));
        if (answer.equals("None")) {
            return new GroundTruth(List.of(), true);
        }
        Optional<String> fence = Tags.last(Tags.JSON_FENCE, answer, deadline);
        if (fence.isEmpty()) {
            return new GroundTruth(List.of(), false);
        }
        JsonNode parsed = PyJson.loads(fence.get()).orElseThrow(() -> new InvalidInputException(
                "the reference's ```json block is not valid JSON"));
        if (!parsed.isArray()) {
            throw new InvalidInputException("the reference's ```json block is not a list");
        }
        return new GroundTruth(gtItems(parsed), false);
    }

    private static List<LabeledBox> gtItems(JsonNode arr) {
        List<LabeledBox> out = new ArrayList<>();
        for (JsonNode item : arr) {
            LabeledBox b = detection(item);
            if (b == null || b.label() == null) {
                throw new InvalidInputException("a ground-truth item needs a label and a bbox_2d of numbers: "
                        + SampleInputs.abbreviate(item));
            }
            out.add(b);
        }
        return out;
    }

    /** A VLM-R1 detection item: an object with a label and a bbox_2d of at least four numbers; else null. */
    static LabeledBox detection(JsonNode item) {
        if (item == null || !item.isObject()) {
            return null;
        }
        JsonNode label = item.get("label");
        JsonNode bbox = item.get("bbox_2d");
        if (label == null || bbox == null || !bbox.isArray() || bbox.size() < 4) {
            return null;
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!bbox.get(i).isNumber() || !Double.isFinite(bbox.get(i).asDouble())) {
                return null;
            }
            v[i] = bbox.get(i).asDouble();
        }
        return new LabeledBox(labelKey(label), new Box(v[0], v[1], v[2], v[3]));
    }

    /** Labels compare as Python values: a string by its text, anything else by its JSON form (never equal to a string). */
    static String labelKey(JsonNode label) {
        if (label.isTextual()) {
            return label.asText();
        }
        if (label.isNumber()) {
            return "\u0000n:" + label.decimalValue().stripTrailingZeros().toPlainString();
        }
        return "\u0000j:" + label;
    }

    private Predictions predictions(String answer, Deadline deadline) {
        Optional<JsonNode> parsed = Tags.last(Tags.JSON_FENCE, answer, deadline).flatMap(PyJson::loads);
        if (parsed.isEmpty() && !codeFaithful) {
            List<LabeledBox> tagged = BoxParser.tagged(answer, deadline);
            if (!tagged.isEmpty()) {
                List<LabeledBox> dets = new ArrayList<>();
                for (LabeledBox b : tagged) {
                    dets.add(new LabeledBox(b.label(), b.box()));
                }
                return new Predictions(dets, dets.size());
            }
            parsed = BoxParser.firstJson(answer, deadline);
        }
        if (parsed.isEmpty()) {
            return new Predictions(List.of(), 0);
        }
        JsonNode n = parsed.get();
        List<LabeledBox> dets = new ArrayList<>();
        int items;
        if (n.isArray()) {
            items = n.size();
            for (JsonNode item : n) {
                LabeledBox d = detection(item);
                if (d != null) {
                    dets.add(d);
                }
            }
        } else if (n.isObject()) {
            items = n.size();
        } else if (n.isTextual()) {
            items = n.asText().codePointCount(0, n.asText().length());
        } else {
            items = 0;
        }
        return new Predictions(dets, items);
    }

    static List<Param> parameters(boolean withMetric) {
        List<Param> ps = new ArrayList<>();
        if (withMetric) {
            ps.add(Param.choice("metric", "ap", List.of("ap", "ap50"), "ap: AP@[.5:.95] (od_ap); ap50: AP@.5 (od_ap50)"));
        }
        ps.add(Param.optional("code_faithful", ParamKind.BOOL, true,
                "VLM-R1's parse (only a ```json fence counts); false: also unfenced JSON lists and box tags"));
        return ps;
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "od_map"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "VLM-R1 od_ap / od_ap50 with pycocotools COCOeval (catalog A3)"; }
        @Override public String description() {
            return "Single-image COCO mAP (AP@[.5:.95] or AP@.5) of the answer's JSON detections, in [0, 1].";
        }
        @Override public List<Param> parameters() { return OdMap.parameters(true); }

        @Override
        public Reward create(Params p) {
            return new OdMap(p.string("metric").equals("ap50"), false, p.bool("code_faithful"), p.signature(version()));
        }
    }

    public static final class LengthFactory implements RewardFactory {
        @Override public String name() { return "od_length"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "VLM-R1 odLength_reward (catalog A4)"; }
        @Override public String description() {
            return "AP@[.5:.95] × min(1, nGT/nPred): mAP with a penalty for emitting more boxes than exist, in [0, 1].";
        }
        @Override public List<Param> parameters() { return OdMap.parameters(false); }

        @Override
        public Reward create(Params p) {
            return new OdMap(false, true, p.bool("code_faithful"), p.signature(version()));
        }
    }
}
