package dev.arbiter.vision;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;
import java.util.Optional;

/**
 * {@code iou}: the grounding (REC) reward of VLM-R1 (catalog A2), also Mixed-R1's IoU reward (A12): the IoU of
 * the predicted box with the ground-truth box, continuous in [0, 1], or 1/0 against a threshold.
 *
 * <p><b>Inputs.</b> The response; the reference box in original-image pixels (see
 * {@link VisionReferences#singleBox}); {@code meta.image_size} and {@code meta.input_size} (or
 * {@code image_grid_thw}) when the model answers in model-input coordinates ({@code frame: input}, the default:
 * without an input size the box is taken as is).
 *
 * <p><b>code_faithful: true</b> (VLM-R1): the first {@code <answer>…</answer>} (none → 0), its first
 * {@code [int, int, int, int]} (none → 0; decimals or negatives do not match), and the legacy "−1/+1" IoU in which
 * overlaps of ≤ 1 pixel count as 0. <b>false</b>: any box syntax {@link BoxParser} reads (inside the first answer
 * block if there is one, else anywhere), and plain continuous IoU. With {@code threshold} set the score is 1 when
 * IoU {@code >} threshold (the commented-out VLM-R1 line), else 0.
 */
public record IouReward(boolean codeFaithful, CoordinateFrame frame, Double threshold, RewardSignature signature)
        implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        Box gt = VisionReferences.singleBox(sample, deadline);
        ImageGeometry geometry = ImageGeometry.from(sample.meta());
        Optional<String> answer = Tags.first(Tags.ANSWER, response, deadline).map(Tags::pyStrip);
        Optional<Box> predicted;
        if (codeFaithful) {
            if (answer.isEmpty()) {
                return RewardResult.ok(0.0, "no <answer> block");
            }
            predicted = BoxParser.firstIntegerBox(answer.get(), deadline);
        } else {
            List<LabeledBox> boxes = BoxParser.parse(answer.orElse(response), deadline);
            predicted = boxes.isEmpty() ? Optional.empty() : Optional.of(boxes.get(0).box());
        }
        if (predicted.isEmpty()) {
            return RewardResult.ok(0.0, "no box in the answer");
        }
        Box pixels = frame.toPixels(predicted.get(), geometry);
        double iou = codeFaithful ? pixels.legacyIou(gt) : pixels.iou(gt);
        double score = threshold == null ? iou : iou > threshold ? 1.0 : 0.0;
        return RewardResult.ok(score).withDetail("iou", iou).withDetail("box", pixels.toList());
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "iou"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "VLM-R1 iou_reward (catalog A2); Mixed-R1 IoU reward (A12)"; }
        @Override public String description() {
            return "IoU of the predicted box with the reference box, continuous in [0, 1] (or 1/0 above a threshold).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("code_faithful", ParamKind.BOOL, true,
                            "VLM-R1's parse (first <answer>, first [int,int,int,int]) and legacy −1/+1 IoU; false: any box syntax, plain IoU"),
                    Param.choice("frame", "input", CoordinateFrame.specNames(),
                            "what predicted coordinates are in: pixel, input (model-input pixels), unit (0–1), per_mille (0–1000)"),
                    Param.optional("threshold", ParamKind.DOUBLE, null, "when set, score 1 if IoU > threshold, else 0"));
        }

        @Override
        public Reward create(Params p) {
            Double t = p.isSet("threshold") ? p.number("threshold") : null;
            if (t != null && (t < 0 || t >= 1)) {
                throw p.error("threshold", "threshold (" + t + ") must be in [0, 1)");
            }
            return new IouReward(p.bool("code_faithful"), CoordinateFrame.of(p.string("frame")), t, p.signature(version()));
        }
    }
}
