package dev.arbiter.vision;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COCO bounding-box AP for one image, computed as pycocotools' {@code COCOeval} (evaluate → accumulate →
 * summarize) does with its defaults: IoU thresholds 0.50:0.05:0.95, 101 recall points, at most 100 detections per
 * category, area range "all", every detection scored 1.0. Because every score ties, detections are taken in the
 * order given (COCO sorts with a stable mergesort), so order changes AP. Threshold and recall grids are the same
 * doubles numpy's {@code linspace} makes, and precision carries pycocotools' {@code np.spacing(1)} term, so results
 * agree with pycocotools to the last bit on the same inputs.
 *
 * <p>Categories are the distinct ground-truth labels; a detection whose label is none of them is dropped (it is not
 * a false positive), as VLM-R1's {@code calculate_map} does. A category with ground truth but no detection has
 * precision 0 everywhere. Ground-truth boxes with negative area are ignored, as COCO's area range makes them.
 */
public final class CocoEval {
    private static final int MAX_DETS = 100;
    private static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
    private static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, 101);
    private static final double AREA_MAX = 1e5 * 1e5;

    /** AP@[.5:.95] ({@code stats[0]}) and AP@.5 ({@code stats[1]}). */
    public record Result(double ap, double ap50) {
    }

    private CocoEval() {
    }

    /** numpy.linspace(start, stop, num): {@code i·step + start}, the last value set to {@code stop}. */
    static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            out[i] = i * step + start;
        }
        out[num - 1] = stop;
        return out;
    }

    static double[] iouThresholds() {
        return IOU_THRESHOLDS.clone();
    }

    /**
     * Evaluates detections against ground truth. Labels are compared as strings; {@code null} labels never match.
     * Returns AP 0 for both when no detection has a ground-truth label (VLM-R1 returns 0 before calling COCO).
     */
    public static Result evaluate(List<LabeledBox> groundTruth, List<LabeledBox> detections, Deadline deadline) {
        Map<String, List<Box>> gtByCat = new LinkedHashMap<>();
        for (LabeledBox g : groundTruth) {
            gtByCat.computeIfAbsent(g.label(), k -> new ArrayList<>()).add(g.box());
        }
        Map<String, List<Box>> dtByCat = new LinkedHashMap<>();
        int kept = 0;
        for (LabeledBox d : detections) {
            if (d.label() != null && gtByCat.containsKey(d.label())) {
                dtByCat.computeIfAbsent(d.label(), k -> new ArrayList<>()).add(d.box());
                kept++;
            }
        }
        if (kept == 0) {
            return new Result(0.0, 0.0);
        }
        int T = IOU_THRESHOLDS.length;
        int R = RECALL_THRESHOLDS.length;
        List<double[][]> perCategory = new ArrayList<>();
        for (Map.Entry<String, List<Box>> e : gtByCat.entrySet()) {
            deadline.check();
            perCategory.add(category(e.getValue(), dtByCat.getOrDefault(e.getKey(), List.of()), deadline));
        }
        // numpy's mean of precision[:, :, :, all, 100][s > -1]: C order (threshold, recall, category), pairwise sum
        int K = perCategory.size();
        double[] all = new double[T * R * K];
        double[] at50 = new double[R * K];
        int nAll = 0;
        int n50 = 0;
        for (int t = 0; t < T; t++) {
            for (int r = 0; r < R; r++) {
                for (int k = 0; k < K; k++) {
                    double[][] p = perCategory.get(k);
                    if (p == null) {
                        continue;
                    }
                    all[nAll++] = p[t][r];
                    if (t == 0) {
                        at50[n50++] = p[t][r];
                    }
                }
            }
        }
        return new Result(nAll == 0 ? -1 : pairwiseSum(all, 0, nAll) / nAll, n50 == 0 ? -1 : pairwiseSum(at50, 0, n50) / n50);
    }

    /** numpy's pairwise summation ({@code DOUBLE_pairwise_sum}), so means agree to the last bit. */
    static double pairwiseSum(double[] a, int lo, int n) {
        if (n < 8) {
            double res = 0.;
            for (int i = 0; i < n; i++) {
                res += a[lo + i];
            }
            return res;
        } else if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, lo, r, 0, 8);
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[lo + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[lo + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, lo, n2) + pairwiseSum(a, lo + n2, n - n2);
    }

    /** precision[t][r] for one category, or null when it has no non-ignored ground truth (COCO leaves it −1). */
    private static double[][] category(List<Box> gtIn, List<Box> dtIn, Deadline deadline) {
        int T = IOU_THRESHOLDS.length;
        int R = RECALL_THRESHOLDS.length;
        // gt sorted by ignore flag (stable): non-ignored first
        List<Box> gt = new ArrayList<>();
        List<Box> ignored = new ArrayList<>();
        for (Box g : gtIn) {
            double area = g.area();
            if (area < 0 || area > AREA_MAX) {
                ignored.add(g);
            } else {
                gt.add(g);
            }
        }
        int npig = gt.size();
        gt.addAll(ignored);
        boolean[] gtIg = new boolean[gt.size()];
        for (int i = npig; i < gt.size(); i++) {
            gtIg[i] = true;
        }
        List<Box> dt = dtIn.size() > MAX_DETS ? dtIn.subList(0, MAX_DETS) : dtIn;
        int G = gt.size();
        int D = dt.size();
        double[][] ious = new double[D][G];
        for (int d = 0; d < D; d++) {
            for (int g = 0; g < G; g++) {
                ious[d][g] = dt.get(d).cocoIou(gt.get(g));
            }
        }
        boolean[][] dtm = new boolean[T][D];
        boolean[][] dtIg = new boolean[T][D];
        for (int t = 0; t < T; t++) {
            boolean[] gtm = new boolean[G];
            for (int d = 0; d < D; d++) {
                double iou = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
                int m = -1;
                for (int g = 0; g < G; g++) {
                    if (gtm[g]) {
                        continue;
                    }
                    if (m > -1 && !gtIg[m] && gtIg[g]) {
                        break;
                    }
                    if (ious[d][g] < iou) {
                        continue;
                    }
                    iou = ious[d][g];
                    m = g;
                }
                if (m == -1) {
                    continue;
                }
                dtIg[t][d] = gtIg[m];
                dtm[t][d] = true;
                gtm[m] = true;
            }
            for (int d = 0; d < D; d++) {
                double area = dt.get(d).area();
                if (!dtm[t][d] && (area < 0 || area > AREA_MAX)) {
                    dtIg[t][d] = true;
                }
            }
        }
        if (npig == 0) {
            return null;
        }
        double[][] precision = new double[T][R];
        double eps = Math.ulp(1.0);
        for (int t = 0; t < T; t++) {
            double[] rc = new double[D];
            double[] pr = new double[D];
            double tp = 0;
            double fp = 0;
            for (int d = 0; d < D; d++) {
                if (!dtIg[t][d]) {
                    if (dtm[t][d]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
                rc[d] = tp / npig;
                pr[d] = tp / (fp + tp + eps);
            }
            for (int i = D - 1; i > 0; i--) {
                if (pr[i] > pr[i - 1]) {
                    pr[i - 1] = pr[i];
                }
            }
            for (int r = 0; r < R; r++) {
                int pi = searchLeft(rc, RECALL_THRESHOLDS[r]);
                if (pi >= D) {
                    break;
                }
                precision[t][r] = pr[pi];
            }
        }
        return precision;
    }

    /** numpy.searchsorted(a, v, side='left') for a non-decreasing array. */
    private static int searchLeft(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
