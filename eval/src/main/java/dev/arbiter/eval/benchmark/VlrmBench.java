package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Prompt;
import dev.arbiter.eval.data.Candidate;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.Gold;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.data.Judgment;
import dev.arbiter.eval.data.RowFields;
import dev.arbiter.eval.data.ScoreRecord;
import dev.arbiter.eval.data.ScoreTable;
import dev.arbiter.eval.report.ItemResult;
import dev.arbiter.eval.report.Metric;
import dev.arbiter.eval.report.MetricGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VLRMBench, JCruan519/VLRMBench: step tasks (one 0/1 label per step, 1 = faulty) scored by the weighted F1 of the
 * pooled steps, {@code (n0/N)·F1(label 1) + (n1/N)·F1(label 0)}; yes/no tasks (Forecasting) by accuracy. A judge
 * answer is read as its integers (non-zero → 1), truncated or zero-padded to the number of steps; PRM step scores
 * (or a reward spec over step prefixes) mark a step faulty below {@code threshold}. Multi-solution and free-text
 * critique tasks are not implemented.
 */
public final class VlrmBench extends AbstractBenchmark {
    private static final Pattern INT = Pattern.compile("-?\\d+");
    private static final Pattern YES_NO = Pattern.compile("\\b(yes|no)\\b", Pattern.CASE_INSENSITIVE);

    @Override public String name() { return "vlrmbench"; }
    @Override public List<String> aliases() { return List.of("vlrm-bench", "vlrm_bench"); }
    @Override public String title() { return "VLRMBench"; }
    @Override public String description() {
        return "step-labelled traces (weighted F1 of faulty-step detection) and yes/no items (accuracy)";
    }

    @Override
    public List<BenchmarkOption> options() {
        return List.of(BenchmarkOption.free("threshold", "0.5",
                "a step (or yes/no item) scored below this is predicted faulty (no); above or equal, correct (yes)"));
    }

    @Override
    public boolean needsStepScores(EvalContext ctx) {
        return true;
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        ObjectNode n = row.node();
        String id = RowFields.requiredText(n, "id");
        String category = RowFields.text(n, "category");
        Prompt prompt = RowFields.prompt(RowFields.required(n, "question"), "question");
        List<String> images = new ArrayList<>();
        JsonNode img = n.get("image");
        if (img != null && !img.isNull()) {
            images.addAll(img.isTextual() && !img.asText().strip().startsWith("[") ? List.of(img.asText()) : RowFields.strings(img, "image"));
        }
        if (n.has("task_gt") && n.has("step_list")) {
            List<String> steps = RowFields.requiredStrings(n, "step_list");
            List<Integer> labels = RowFields.ints(n.get("task_gt"), "task_gt");
            if (steps.size() != labels.size()) {
                throw new RowFields.BadRow("candidates of unequal counts: " + steps.size() + " steps in step_list but "
                        + labels.size() + " labels in task_gt");
            }
            for (int l : labels) {
                if (l != 0 && l != 1) {
                    throw new RowFields.BadRow("task_gt must hold 0 or 1 per step, found " + l);
                }
            }
            Candidate trace = new Candidate("trace", String.join("", steps), "unlabelled", null, steps, null);
            return new EvalItem(id, name(), category, "step", null, prompt, null, images, List.of(trace),
                    new Gold.StepLabels("trace", labels), "step_weighted_f1", null, null, row.origin());
        }
        JsonNode gt = RowFields.any(n, "task_gt", "answer", "label");
        if (gt != null && (gt.isBoolean() || gt.isTextual())) {
            String v = gt.asText().strip().toLowerCase(Locale.ROOT);
            boolean yes = v.equals("true") || v.equals("yes") || v.equals("1");
            boolean no = v.equals("false") || v.equals("no") || v.equals("0");
            if (!yes && !no) {
                throw new RowFields.BadRow("the yes/no label must be yes/no or true/false, was '" + gt.asText() + "'");
            }
            String text = RowFields.text(n, "response", "reasoning", "solution");
            Candidate c = Candidate.of("answer", text, "unlabelled");
            return new EvalItem(id, name(), category, "binary", null, prompt, null, images, List.of(c),
                    new Gold.Binary(yes), "binary_accuracy", null, null, row.origin());
        }
        throw new RowFields.BadRow("missing fields 'step_list' and 'task_gt' (step task) or a yes/no 'task_gt' (Forecasting)");
    }

    /** The judge's step labels: all integers of the answer, non-zero → 1, truncated or zero-padded to {@code n}. */
    public static List<Integer> parseLabels(String answer, int n) {
        List<Integer> out = new ArrayList<>();
        Matcher m = INT.matcher(answer == null ? "" : answer);
        while (m.find() && out.size() < n) {
            out.add(m.group().matches("-?0+") ? 0 : 1);
        }
        while (out.size() < n) {
            out.add(0);
        }
        return out;
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        double threshold = ctx.optionDouble("threshold");
        Map<String, int[]> conf = new LinkedHashMap<>(); // per category: tp1, fp1, fn1, tn1 (label 1 positive)
        int[] total = new int[4];
        Tally binary = new Tally();
        List<ItemResult> results = each(items, ctx, item -> {
            ScoreRecord rec = ItemScores.record(item, scores);
            String cat = item.subset() == null ? "(none)" : item.subset();
            if (item.gold() instanceof Gold.StepLabels g) {
                List<Integer> gold = g.labels();
                List<Integer> pred;
                Map<String, Double> shown = new LinkedHashMap<>();
                if (!rec.judgments().isEmpty() && rec.stepScores().isEmpty()) {
                    Judgment j = rec.judgments().get(0);
                    pred = parseLabels(j.parsed() != null ? j.parsed() : j.raw(), gold.size());
                } else {
                    List<Double> steps = ItemScores.steps(item, rec, g.cid());
                    if (steps.size() != gold.size()) {
                        throw new ItemSkipped("candidates of unequal counts: " + steps.size() + " step scores for " + gold.size() + " labelled steps");
                    }
                    pred = steps.stream().map(s -> s < threshold ? 1 : 0).toList();
                    shown.put(g.cid(), steps.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
                }
                int[] c = conf.computeIfAbsent(cat, k -> new int[4]);
                int correct = 0;
                for (int i = 0; i < gold.size(); i++) {
                    int y = gold.get(i);
                    int p = pred.get(i);
                    int cell = y == 1 ? (p == 1 ? 0 : 2) : (p == 1 ? 1 : 3);
                    c[cell]++;
                    total[cell]++;
                    correct += y == p ? 1 : 0;
                }
                Map<String, Double> outcome = new LinkedHashMap<>();
                outcome.put("step_accuracy", (double) correct / gold.size());
                outcome.put("steps", (double) gold.size());
                return new ItemResult(item.id(), item.subset(), "step", outcome, candidateResults(item, shown));
            }
            if (item.gold() instanceof Gold.Binary b) {
                boolean predicted;
                Map<String, Double> shown = new LinkedHashMap<>();
                if (!rec.judgments().isEmpty()) {
                    Judgment j = rec.judgments().get(0);
                    String text = j.parsed() != null ? j.parsed() : j.raw();
                    Matcher m = YES_NO.matcher(text == null ? "" : text);
                    if (!m.find()) {
                        binary.add(cat, 0.0);
                        return new ItemResult(item.id(), item.subset(), "binary", Map.of("correct", 0.0, "parsed", 0.0), List.of());
                    }
                    predicted = m.group(1).equalsIgnoreCase("yes");
                } else {
                    String cid = item.candidates().get(0).cid();
                    double s = ItemScores.score(item, rec, cid);
                    shown.put(cid, s);
                    predicted = s >= threshold;
                }
                double ok = predicted == b.value() ? 1.0 : 0.0;
                binary.add(cat, ok);
                return new ItemResult(item.id(), item.subset(), "binary", Map.of("correct", ok), candidateResults(item, shown));
            }
            throw new ItemSkipped("gold type '" + item.gold().type() + "' does not fit VLRMBench (needs step_labels or binary)");
        });
        List<MetricGroup> sections = new ArrayList<>();
        for (Map.Entry<String, int[]> e : conf.entrySet()) {
            int[] c = e.getValue();
            Map<String, Double> m = f1s(c);
            sections.add(new MetricGroup("category", e.getKey(), e.getKey(), c[0] + c[1] + c[2] + c[3], m, "weighted_f1"));
        }
        for (String k : binary.keys()) {
            sections.add(new MetricGroup("category", k, k + " (yes/no)", binary.count(k), Map.of("accuracy", 100 * binary.mean(k)), "accuracy"));
        }
        Map<String, Double> all = f1s(total);
        int steps = total[0] + total[1] + total[2] + total[3];
        int nBinary = binary.keys().stream().mapToInt(binary::count).sum();
        double binAcc = nBinary == 0 ? Double.NaN : binary.keys().stream().mapToDouble(binary::sum).sum() / nBinary;
        List<Metric> variants = new ArrayList<>();
        variants.add(Metric.pct("f1_faulty", "F1, faulty steps (label 1)", all.get("f1_1"), steps, "F1 with label 1 as positive"));
        variants.add(Metric.pct("f1_correct", "F1, correct steps (label 0)", all.get("f1_0"), steps, "F1 with label 0 as positive"));
        variants.add(Metric.pct("binary_accuracy", "Yes/no accuracy", Stats.pct(binAcc), nBinary, "share of yes/no items answered right"));
        Metric headline = steps > 0
                ? Metric.pct("weighted_f1", "VLRMBench weighted F1", all.get("weighted_f1"), steps, "(n0/N)·F1(label 1) + (n1/N)·F1(label 0) over pooled steps")
                : Metric.pct("accuracy", "VLRMBench yes/no accuracy", Stats.pct(binAcc), nBinary, "share of yes/no items answered right");
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "step_weighted_f1");
        agg.put("weighted_f1", "(n0/N)·F1_1 + (n1/N)·F1_0");
        agg.put("judge_answer", "integers of the answer, non-zero → 1, truncated or zero-padded");
        agg.put("threshold", threshold);
        return new Evaluation(headline, variants, sections, List.of(), results, agg, steps > 0 ? "steps" : "items");
    }

    /** F1 of label 1, of label 0 and the weighted F1 (percent), from tp1, fp1, fn1, tn1. */
    static Map<String, Double> f1s(int[] c) {
        int tp = c[0];
        int fp = c[1];
        int fn = c[2];
        int tn = c[3];
        double f1One = f1(tp, fp, fn);
        double f1Zero = f1(tn, fn, fp);
        int n1 = tp + fn;
        int n0 = tn + fp;
        int n = n0 + n1;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("weighted_f1", n == 0 ? null : 100 * ((double) n0 / n * f1One + (double) n1 / n * f1Zero));
        m.put("f1_1", n == 0 ? null : 100 * f1One);
        m.put("f1_0", n == 0 ? null : 100 * f1Zero);
        return m;
    }

    private static double f1(int tp, int fp, int fn) {
        return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
}
