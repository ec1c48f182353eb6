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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code dip_r1_precision_recall}: DIP-R1's weighted precision–recall accuracy reward (catalog A13), in [0, 1]:
 * {@code w·precision + (1 − w)·recall} of the predicted boxes against the ground truth at an IoU threshold.
 *
 * <p>The source is the abstract only; the catalog's guidance fixes the form, and the matching is this module's
 * choice: greedy one-to-one by highest continuous IoU ≥ {@code iou_threshold}, pairs allowed only between equal labels
 * (ignoring case) when {@code match_labels} and both sides carry labels. Empty cases: no predictions and no ground
 * truth → 1; exactly one side empty → 0.
 *
 * <p><b>Inputs.</b> Predictions: any box syntax {@link BoxParser} reads, inside the last {@code <answer>} if there is
 * one, in the coordinate {@code frame} given (image size from meta when needed). Reference: a box list (see
 * {@link VisionReferences#boxList}).
 */
public record DipR1PrecisionRecall(double weight, double iouThreshold, boolean matchLabels, CoordinateFrame frame,
                                   RewardSignature signature) implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        List<LabeledBox> gt = VisionReferences.boxList(sample, deadline);
        String answer = Tags.last(Tags.ANSWER, response, deadline).orElse(response);
        List<LabeledBox> parsed = BoxParser.parse(answer, deadline);
        ImageGeometry geometry = ImageGeometry.from(sample.meta());
        List<LabeledBox> pred = new ArrayList<>();
        for (LabeledBox b : parsed) {
            pred.add(new LabeledBox(b.label(), frame.toPixels(b.box(), geometry)));
        }
        if (pred.isEmpty() || gt.isEmpty()) {
            double s = pred.isEmpty() && gt.isEmpty() ? 1.0 : 0.0;
            return RewardResult.ok(s, pred.isEmpty() ? "no predicted boxes" : "boxes predicted for an image without objects");
        }
        int tp = greedyMatches(pred, gt, deadline);
        double precision = (double) tp / pred.size();
        double recall = (double) tp / gt.size();
        return RewardResult.ok(weight * precision + (1 - weight) * recall).withDetail("precision", precision)
                .withDetail("recall", recall).withDetail("matched", tp);
    }

    int greedyMatches(List<LabeledBox> pred, List<LabeledBox> gt, Deadline deadline) {
        int np = pred.size();
        int ng = gt.size();
        double[][] iou = new double[np][ng];
        for (int i = 0; i < np; i++) {
            deadline.check();
            for (int j = 0; j < ng; j++) {
                iou[i][j] = compatible(pred.get(i), gt.get(j)) ? pred.get(i).box().iou(gt.get(j).box()) : -1;
            }
        }
        boolean[] pu = new boolean[np];
        boolean[] gu = new boolean[ng];
        int tp = 0;
        while (true) {
            deadline.check();
            double best = -1;
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < np; i++) {
                if (pu[i]) {
                    continue;
                }
                for (int j = 0; j < ng; j++) {
                    if (!gu[j] && iou[i][j] > best) {
                        best = iou[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bi < 0 || best < iouThreshold || best <= 0) {
                return tp;
            }
            pu[bi] = true;
            gu[bj] = true;
            tp++;
        }
    }

    private boolean compatible(LabeledBox p, LabeledBox g) {
        if (!matchLabels || p.label() == null || g.label() == null) {
            return true;
        }
        return p.label().strip().toLowerCase(Locale.ROOT).equals(g.label().strip().toLowerCase(Locale.ROOT));
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "dip_r1_precision_recall"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "DIP-R1 weighted precision-recall accuracy reward, reconstructed (catalog A13)"; }
        @Override public String description() {
            return "w·precision + (1−w)·recall of greedily IoU-matched boxes at a threshold, in [0, 1].";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("weight", ParamKind.DOUBLE, 0.5, "w, the weight of precision"),
                    Param.optional("iou_threshold", ParamKind.DOUBLE, 0.5, "a pair matches when its IoU is at least this"),
                    Param.optional("match_labels", ParamKind.BOOL, true, "pairs need equal labels when both sides have one"),
                    Param.choice("frame", "pixel", CoordinateFrame.specNames(), "what predicted coordinates are in"));
        }

        @Override
        public Reward create(Params p) {
            double w = p.number("weight");
            double t = p.number("iou_threshold");
            if (w < 0 || w > 1) {
                throw p.error("weight", "weight must be in [0, 1]");
            }
            if (t <= 0 || t > 1) {
                throw p.error("iou_threshold", "iou_threshold must be in (0, 1]");
            }
            return new DipR1PrecisionRecall(w, t, p.bool("match_labels"), CoordinateFrame.of(p.string("frame")),
                    p.signature(version()));
        }
    }
}
