package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.arbiter.core.Prompt;
import dev.arbiter.eval.EvalException;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VLRMBench, JCruan519/VLRMBench ({@code model_eval/get_*_eval_res*.py} @ 8821123), all four kinds of task:
 * <ul>
 *   <li>step tasks (one 0/1 label per step, 1 = faulty): weighted F1 of the pooled steps,
 *       {@code (n0/N)·F1(label 1) + (n1/N)·F1(label 0)}; a judge answer is read as its integers (non-zero → 1),
 *       truncated or zero-padded to the number of steps; PRM step scores (or a reward spec over step prefixes) mark a
 *       step faulty below {@code threshold};</li>
 *   <li>Forecasting Future ({@code foresight}, yes/no): accuracy; an answer is right when it contains the label's own
 *       word ({@code \b(yes|true)\b} for true, {@code \b(no|false)\b} for false, case-insensitive, anywhere);</li>
 *   <li>Multi-Solution: the judge scores both solutions 0–10, asked with the better one ({@code step_list}) first and
 *       then second; right when the better one's summed score is strictly higher. A judge answer is read as its
 *       <em>last</em> two integers ({@code \d+}, zero-padded), a missing answer as {@code [0,0]};</li>
 *   <li>Error Reason Analysis / Error Correction: the model's critique against the reference ({@code task_gt}), scored
 *       by a judge in both orders and summed the same way; win rate = share of items where the model's sum is
 *       strictly higher (ties are not wins), also tie and loss rates. Verdict judges ({@code [[A]]}/{@code [[B]]}/
 *       {@code [[C]]}, e.g. Arbiter's {@code judge_pairwise}) give one point to the picked answer per order.</li>
 * </ul>
 * As scores, the authors' result rows are read as they are ({@code eval_res/<task>/<model>.jsonl}: {@code task_gt} +
 * {@code model_answer}, {@code model_answer_front}/{@code model_answer_back}, or the judged
 * {@code judge_res_1}/{@code judge_res_2}), and so is {@code arbiter score} output of critique rows (a {@code reward}
 * object with the games of {@code judge_pairwise}).
 */
public final class VlrmBench extends AbstractBenchmark {
    static final String MULTI_SOLUTION = "multi_solution";
    static final String FORESIGHT = "foresight";
    static final String ERA = "error_reason_analysis";
    static final String EC = "error_correction";
    static final List<String> STEP_TASKS = List.of("step_correctness", "redundant_det", "most_confidence", "existence_hallucination",
            "attribute_hallucination", "detail_error", "location_error", "image_ref_error");
    private static final List<String> OTHER_TASKS = List.of(MULTI_SOLUTION, FORESIGHT, ERA, EC);

    private static final Pattern INT = Pattern.compile("-?\\d+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern YES = Pattern.compile("\\b(yes|true)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NO = Pattern.compile("\\b(no|false)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern GAME = Pattern.compile("response=([AB])\\s+verdict=([ABC])");

    @Override public String name() { return "vlrmbench"; }
    @Override public List<String> aliases() { return List.of("vlrm-bench", "vlrm_bench"); }
    @Override public String title() { return "VLRMBench"; }
    @Override public String description() {
        return "step tasks (weighted F1 of faulty-step detection), Forecasting (yes/no accuracy), Multi-Solution "
                + "(both-order score sums) and ERA/EC critiques (win rate against the reference)";
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

    // ---- loading ------------------------------------------------------------------------------------------------

    /** The task of a row: its {@code category} when it names one, else a path segment naming one, else {@code null}. */
    static String taskOf(ObjectNode n, Path file) {
        String category = RowFields.text(n, "category", "task");
        if (category != null && (STEP_TASKS.contains(category) || OTHER_TASKS.contains(category))) {
            return category;
        }
        for (Path p = file; p != null && p.getFileName() != null; p = p.getParent()) {
            String seg = p.getFileName().toString();
            for (String t : OTHER_TASKS) {
                if (seg.contains(t)) {
                    return t;
                }
            }
            for (String t : STEP_TASKS) {
                if (seg.contains(t)) {
                    return t;
                }
            }
        }
        return category;
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        ObjectNode n = row.node();
        String id = RowFields.requiredText(n, "id");
        String task = taskOf(n, row.file());
        Prompt prompt = RowFields.prompt(RowFields.any(n, "question"), "question");
        List<String> images = images(n);
        JsonNode gt = RowFields.any(n, "task_gt", "answer", "label");
        if (MULTI_SOLUTION.equals(task)) {
            String better = text(n, "step_list");
            String worse = text(n, "reasoning_error");
            if (better == null || worse == null) {
                throw new RowFields.BadRow("missing field '" + (better == null ? "step_list" : "reasoning_error")
                        + "' (Multi-Solution: the better solution in step_list, the flawed one in reasoning_error)");
            }
            return multiSolution(id, prompt, images, better, worse, row.origin());
        }
        if (ERA.equals(task) || EC.equals(task)) {
            return critique(id, task, prompt, images, RowFields.requiredText(n, "task_gt"), RowFields.text(n, "model_answer"),
                    RowFields.text(n, "reasoning_error"), row.origin());
        }
        boolean listGt = gt != null && (gt.isArray() || (gt.isTextual() && gt.asText().strip().startsWith("[")));
        if (listGt) {
            List<String> steps = RowFields.requiredStrings(n, "step_list");
            List<Integer> labels = RowFields.ints(gt, "task_gt");
            if (steps.size() != labels.size()) {
                throw new RowFields.BadRow("candidates of unequal counts: " + steps.size() + " steps in step_list but "
                        + labels.size() + " labels in task_gt");
            }
            checkLabels(labels);
            Candidate trace = new Candidate("trace", String.join("", steps), "unlabelled", null, steps, null);
            return new EvalItem(id, name(), task, "step", null, prompt, null, images, List.of(trace),
                    new Gold.StepLabels("trace", labels), "step_weighted_f1", null, null, row.origin());
        }
        Boolean yes = gt == null ? null : yesNo(gt);
        if (yes != null) {
            String text = n.has("reasoning_error") ? text(n, "reasoning_error") : text(n, "step_list", "response", "reasoning", "solution");
            return binary(id, task == null ? FORESIGHT : task, prompt, images, yes, text, row.origin());
        }
        if (gt != null && gt.isTextual() && !gt.asText().isBlank() && task != null && !STEP_TASKS.contains(task)) {
            return critique(id, task == null ? "critique" : task, prompt, images, gt.asText(), RowFields.text(n, "model_answer"),
                    RowFields.text(n, "reasoning_error"), row.origin());
        }
        if (gt != null && (gt.isBoolean() || gt.isTextual())) {
            String v = gt.asText();
            throw new RowFields.BadRow("the yes/no label must be yes/no or true/false, was '" + (v.length() > 60 ? v.substring(0, 60) + "…" : v)
                    + "' (a reference critique needs the task error_reason_analysis or error_correction in 'category' or the path)");
        }
        throw new RowFields.BadRow("missing fields 'step_list' and 'task_gt' (step task), a yes/no 'task_gt' (Forecasting), "
                + "'step_list' and 'reasoning_error' (Multi-Solution) or a reference 'task_gt' (ERA, EC)");
    }

    private static List<String> images(ObjectNode n) {
        List<String> images = new ArrayList<>();
        JsonNode img = n.get("image");
        if (img != null && !img.isNull()) {
            images.addAll(img.isTextual() && !img.asText().strip().startsWith("[") ? List.of(img.asText()) : RowFields.strings(img, "image"));
        }
        return images;
    }

    /** A field as text: a string as is, a list of steps joined. */
    private static String text(ObjectNode n, String... names) {
        JsonNode v = RowFields.any(n, names);
        if (v == null) {
            return null;
        }
        if (v.isArray() || (v.isTextual() && v.asText().strip().startsWith("["))) {
            try {
                return String.join("", RowFields.strings(v, names[0]));
            } catch (RowFields.BadRow e) {
                return v.asText();
            }
        }
        return v.asText();
    }

    private static void checkLabels(List<Integer> labels) {
        for (int l : labels) {
            if (l != 0 && l != 1) {
                throw new RowFields.BadRow("task_gt must hold 0 or 1 per step, found " + l);
            }
        }
    }

    /** true/false for a yes/no label ({@code true}, {@code "yes"}, {@code 1}, …), else {@code null}. */
    private static Boolean yesNo(JsonNode gt) {
        if (!(gt.isBoolean() || gt.isTextual() || gt.isIntegralNumber())) {
            return null;
        }
        String v = gt.asText().strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("no") || v.equals("0")) {
            return false;
        }
        return null;
    }

    private EvalItem multiSolution(String id, Prompt prompt, List<String> images, String better, String worse, String origin) {
        List<Candidate> cands = List.of(new Candidate("solution_1", better, "chosen", null, null, null),
                new Candidate("solution_2", worse, "rejected", null, null, null));
        return new EvalItem(id, name(), MULTI_SOLUTION, MULTI_SOLUTION, null, prompt, null, images, cands,
                new Gold.Pair("solution_1", "solution_2"), "both_order_score_sum", null, null, origin);
    }

    private EvalItem binary(String id, String task, Prompt prompt, List<String> images, boolean yes, String text, String origin) {
        Candidate c = Candidate.of("answer", text, "unlabelled");
        return new EvalItem(id, name(), task, "binary", null, prompt, null, images, List.of(c), new Gold.Binary(yes),
                "binary_accuracy", null, null, origin);
    }

    private EvalItem critique(String id, String task, Prompt prompt, List<String> images, String reference, String answer,
                              String reasoningError, String origin) {
        ObjectNode meta = InputFiles.JSON.createObjectNode();
        if (reasoningError != null) {
            meta.put("reasoning_error", reasoningError);
        }
        List<Candidate> cands = List.of(Candidate.of("answer", answer, "unlabelled"), Candidate.of("reference", reference, "unlabelled"));
        return new EvalItem(id, name(), task, "critique", null, prompt, TextNode.valueOf(reference), images, cands,
                new Gold.OrderedLabel(List.of("answer", "reference"), null), "critique_win_rate", null, meta, origin);
    }

    // ---- the authors' result files as scores --------------------------------------------------------------------

    @Override
    public Optional<OfficialScores> readOfficialScores(InputFiles.Input scores, List<EvalItem> items, EvalContext ctx) {
        ObjectNode first = scores.rows().stream().map(InputFiles.Row::node).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (first == null || first.has("scores") || first.has("judgments") || first.has("step_scores")) {
            return Optional.empty();
        }
        boolean ms = first.has("model_answer_front") || first.has("model_answer_back");
        boolean judged = first.has("judge_res_1") || first.has("judge_res_2");
        boolean answered = first.has("model_answer") && first.has("task_gt");
        if (!ms && !judged && !answered) {
            return Optional.empty();
        }
        Map<String, EvalItem> dataById = new LinkedHashMap<>();
        items.forEach(i -> dataById.putIfAbsent(i.id(), i));
        List<EvalItem> out = new ArrayList<>();
        Map<String, ScoreRecord> table = new LinkedHashMap<>();
        int[] missing = {0};
        for (InputFiles.Row r : scores.rows()) {
            if (r.node() == null) {
                ctx.skip(r, null, r.error());
                continue;
            }
            ObjectNode n = r.node();
            String id = idOf(n);
            try {
                if (id == null) {
                    throw new RowFields.BadRow("missing field 'id'");
                }
                if (table.containsKey(id)) {
                    throw new RowFields.BadRow("duplicate id: the same id was first seen at " + table.get(id).origin());
                }
                EvalItem data = dataById.get(id);
                String task = taskOf(n, r.file());
                if (task == null && data != null) {
                    task = data.subset();
                }
                Prompt prompt = data == null ? RowFields.prompt(RowFields.any(n, "question"), "question") : data.prompt();
                List<Judgment> js = new ArrayList<>();
                EvalItem item;
                if (n.has("model_answer_front") || n.has("model_answer_back")) {
                    item = multiSolution(id, prompt, List.of(), null, null, r.origin());
                    String front = RowFields.text(n, "model_answer_front");
                    String back = RowFields.text(n, "model_answer_back");
                    missing[0] += (front == null || front.isEmpty() ? 1 : 0) + (back == null || back.isEmpty() ? 1 : 0);
                    js.add(new Judgment(List.of("solution_1", "solution_2"), front, null, 0));
                    js.add(new Judgment(List.of("solution_2", "solution_1"), back, null, 1));
                } else if (n.has("judge_res_1") || n.has("judge_res_2")) {
                    item = critique(id, task == null ? "critique" : task, prompt, List.of(), RowFields.text(n, "task_gt") == null
                            ? "" : RowFields.text(n, "task_gt"), RowFields.text(n, "model_answer"), RowFields.text(n, "reasoning_error"), r.origin());
                    js.add(new Judgment(List.of("reference", "answer"), null, pair(n, "judge_res_1"), 0));
                    js.add(new Judgment(List.of("answer", "reference"), null, pair(n, "judge_res_2"), 1));
                } else {
                    JsonNode gt = RowFields.required(n, "task_gt");
                    JsonNode ans = n.get("model_answer");
                    if (ans == null || !ans.isTextual()) {
                        throw new RowFields.BadRow("'model_answer' is " + (ans == null ? "missing" : RowFields.kind(ans))
                                + ", not text; the authors' script skips such rows");
                    }
                    ObjectNode reward = n.get("reward") instanceof ObjectNode o ? o : null;
                    if (gt.isArray() || gt.asText().strip().startsWith("[")) {
                        List<Integer> labels = RowFields.ints(gt, "task_gt");
                        checkLabels(labels);
                        item = new EvalItem(id, name(), task, "step", null, prompt, null, List.of(),
                                List.of(new Candidate("trace", null, "unlabelled", null, null, null)), new Gold.StepLabels("trace", labels),
                                "step_weighted_f1", null, null, r.origin());
                        js.add(new Judgment(List.of("trace"), ans.asText(), null, 0));
                    } else if (yesNo(gt) != null && (gt.isBoolean() || FORESIGHT.equals(task))) {
                        item = binary(id, task == null ? FORESIGHT : task, prompt, List.of(), yesNo(gt), null, r.origin());
                        js.add(new Judgment(List.of("answer"), ans.asText(), null, 0));
                    } else if (reward != null) {
                        item = critique(id, task == null ? "critique" : task, prompt, List.of(), gt.asText(), ans.asText(),
                                RowFields.text(n, "reasoning_error"), r.origin());
                        js.addAll(games(reward));
                    } else {
                        throw new EvalException(EvalException.Kind.USAGE, scores.path() + ": " + (task == null ? "critique" : task)
                                + " answers need a judge first: compare each model_answer with task_gt in both orders, e.g. "
                                + "arbiter score --spec examples/eval/vlrmbench-critique-judge.yaml --in FILE --response-field "
                                + "model_answer --reference-field task_gt --prompt-field question --out judged.jsonl, then give "
                                + "judged.jsonl as --scores (see the eval README)");
                    }
                }
                out.add(item);
                table.put(id, new ScoreRecord(id, null, null, js, null, r.origin()));
            } catch (RowFields.BadRow e) {
                ctx.skip(r, id, e.getMessage());
            }
        }
        if (missing[0] > 0) {
            ctx.note(missing[0] + " Multi-Solution judge answers are missing or empty and count as [0, 0], as the authors' script");
        }
        return Optional.of(OfficialScores.perItem(out, new ScoreTable(table, Map.of(), List.of(), "VLRMBench results " + scores.path().getFileName()),
                "VLRMBench result rows (eval_res layout)"));
    }

    /** A judged row's {@code judge_res_k}: the two scores, as text "a,b". */
    private static String pair(ObjectNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new RowFields.BadRow("missing field '" + field + "' (the judge's two scores for one order)");
        }
        List<Integer> xs = RowFields.ints(v, field);
        if (xs.size() < 2) {
            throw new RowFields.BadRow("field '" + field + "' must hold two scores, had " + xs.size());
        }
        return xs.get(0) + "," + xs.get(1);
    }

    /**
     * The games of {@code judge_pairwise} in an {@code arbiter score} result ({@code details.game1 = "response=A
     * verdict=C"}), as verdicts over (answer, reference); without game details, the vote score (1 win, 0.5 tie,
     * 0 loss) as one verdict. A result that is not {@code ok} is skipped, as the authors drop failed judge calls.
     */
    static List<Judgment> games(ObjectNode reward) {
        String status = reward.path("status").asText("ok");
        if (!status.equalsIgnoreCase("ok")) {
            throw new RowFields.BadRow("the judge's result is '" + status + "': " + reward.path("reason").asText(""));
        }
        List<Judgment> out = new ArrayList<>();
        JsonNode d = reward.path("details");
        for (int g = 1; d.has("game" + g); g++) {
            Matcher m = GAME.matcher(d.get("game" + g).asText());
            if (!m.find()) {
                throw new RowFields.BadRow("details.game" + g + " is not 'response=X verdict=Y': " + d.get("game" + g).asText());
            }
            List<String> order = m.group(1).equals("A") ? List.of("answer", "reference") : List.of("reference", "answer");
            String verdict = switch (m.group(2)) {
                case "A" -> "A>B";
                case "B" -> "B>A";
                default -> "A=B";
            };
            out.add(new Judgment(order, null, verdict, g - 1));
        }
        if (out.isEmpty()) {
            JsonNode s = reward.get("score");
            if (s == null || !s.isNumber()) {
                throw new RowFields.BadRow("the reward object has neither game details nor a numeric score");
            }
            double v = s.asDouble();
            out.add(new Judgment(List.of("answer", "reference"), null, v > 0.5 ? "A>B" : v < 0.5 ? "B>A" : "A=B", 0));
        }
        return out;
    }

    // ---- parsing judge answers ----------------------------------------------------------------------------------

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

    /**
     * The two scores of a Multi-Solution / ERA / EC judge answer, as {@code format_ms_ec_era_model_answer_tolist}: the
     * last two runs of digits ({@code \d+}: no sign, {@code 7.5} is 7 and 5), zero-padded at the end when fewer;
     * a missing or empty answer is {@code [0, 0]}.
     */
    public static int[] parseScores(String answer) {
        List<Integer> all = new ArrayList<>();
        Matcher m = DIGITS.matcher(answer == null || answer.isEmpty() ? "[0,0]" : answer);
        while (m.find()) {
            String d = m.group();
            all.add(d.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(d));
        }
        if (all.size() >= 2) {
            return new int[] {all.get(all.size() - 2), all.get(all.size() - 1)};
        }
        return new int[] {all.isEmpty() ? 0 : all.get(0), 0};
    }

    /** The authors' Forecasting rule: the label's own word appears in the answer. */
    public static boolean foresightCorrect(String answer, boolean label) {
        return (label ? YES : NO).matcher(answer == null ? "" : answer).find();
    }

    /**
     * Points per candidate over all judgments: a verdict ({@code A>B}, {@code B>A}, {@code A=B}) gives 1 to the picked
     * position; otherwise the judgment's two scores (parsed, else from the raw text) go to the two positions.
     */
    static Map<String, Double> points(List<Judgment> js) {
        Map<String, Double> pts = new LinkedHashMap<>();
        for (Judgment j : js) {
            if (j.order().size() != 2) {
                throw new ItemSkipped("a judgment must show two answers, showed " + j.order());
            }
            double a;
            double b;
            String verdict = j.parsed() == null ? null : Verdicts.pairwise(j.parsed());
            if (verdict != null) {
                a = verdict.equals("A>B") ? 1 : 0;
                b = verdict.equals("B>A") ? 1 : 0;
            } else {
                int[] s = parseScores(j.parsed() != null ? j.parsed() : j.raw());
                a = s[0];
                b = s[1];
            }
            pts.merge(j.order().get(0), a, Double::sum);
            pts.merge(j.order().get(1), b, Double::sum);
        }
        return pts;
    }

    // ---- scoring ------------------------------------------------------------------------------------------------

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        double threshold = ctx.optionDouble("threshold");
        Map<String, int[]> conf = new LinkedHashMap<>(); // per category: tp1, fp1, fn1, tn1 (label 1 positive)
        int[] total = new int[4];
        Tally binary = new Tally();
        Tally multi = new Tally();
        Map<String, int[]> critiques = new LinkedHashMap<>(); // task → win, tie, loss
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
                Map<String, Double> shown = new LinkedHashMap<>();
                double ok;
                if (!rec.judgments().isEmpty()) {
                    Judgment j = rec.judgments().get(0);
                    String text = j.parsed() != null ? j.parsed() : j.raw();
                    if (text == null) {
                        throw new ItemSkipped("the judge's answer is missing; the authors' script skips such items");
                    }
                    ok = foresightCorrect(text, b.value()) ? 1.0 : 0.0;
                } else {
                    String cid = item.candidates().get(0).cid();
                    double s = ItemScores.score(item, rec, cid);
                    shown.put(cid, s);
                    ok = (s >= threshold) == b.value() ? 1.0 : 0.0;
                }
                binary.add(cat, ok);
                return new ItemResult(item.id(), item.subset(), "binary", Map.of("correct", ok), candidateResults(item, shown));
            }
            if (item.gold() instanceof Gold.Pair p) {
                Map<String, Double> pts = sums(item, rec, p.chosen(), p.rejected());
                double ok = pts.get(p.chosen()) > pts.get(p.rejected()) ? 1.0 : 0.0;
                multi.add(cat, ok);
                return new ItemResult(item.id(), item.subset(), MULTI_SOLUTION, Map.of("correct", ok), candidateResults(item, pts));
            }
            if (item.gold() instanceof Gold.OrderedLabel o && o.order().size() == 2) {
                String answer = o.order().get(0);
                String reference = o.order().get(1);
                Map<String, Double> pts = sums(item, rec, answer, reference);
                int cmp = Double.compare(pts.get(answer), pts.get(reference));
                int[] c = critiques.computeIfAbsent(cat, k -> new int[3]);
                c[cmp > 0 ? 0 : cmp == 0 ? 1 : 2]++;
                Map<String, Double> outcome = new LinkedHashMap<>();
                outcome.put("win", cmp > 0 ? 1.0 : 0.0);
                outcome.put("tie", cmp == 0 ? 1.0 : 0.0);
                return new ItemResult(item.id(), item.subset(), "critique", outcome, candidateResults(item, pts));
            }
            throw new ItemSkipped("gold type '" + item.gold().type()
                    + "' does not fit VLRMBench (needs step_labels, binary, pair or ordered_label)");
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
        for (String k : multi.keys()) {
            sections.add(new MetricGroup("category", k, k + " (both-order sums)", multi.count(k), Map.of("accuracy", 100 * multi.mean(k)), "accuracy"));
        }
        for (Map.Entry<String, int[]> e : critiques.entrySet()) {
            int[] c = e.getValue();
            int n = c[0] + c[1] + c[2];
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("win_rate", 100.0 * c[0] / n);
            m.put("tie_rate", 100.0 * c[1] / n);
            m.put("lose_rate", 100.0 * c[2] / n);
            sections.add(new MetricGroup("category", e.getKey(), e.getKey() + " (vs reference)", n, m, "win_rate"));
        }
        Map<String, Double> all = f1s(total);
        int steps = total[0] + total[1] + total[2] + total[3];
        int nBinary = binary.keys().stream().mapToInt(binary::count).sum();
        double binAcc = nBinary == 0 ? Double.NaN : binary.keys().stream().mapToDouble(binary::sum).sum() / nBinary;
        int nMulti = multi.keys().stream().mapToInt(multi::count).sum();
        double msAcc = nMulti == 0 ? Double.NaN : multi.keys().stream().mapToDouble(multi::sum).sum() / nMulti;
        List<Metric> variants = new ArrayList<>();
        List<Metric> heads = new ArrayList<>();
        if (steps > 0) {
            heads.add(Metric.pct("weighted_f1", "VLRMBench weighted F1", all.get("weighted_f1"), steps,
                    "(n0/N)·F1(label 1) + (n1/N)·F1(label 0) over pooled steps"));
        }
        if (steps > 0) {
            variants.add(Metric.pct("f1_faulty", "F1, faulty steps (label 1)", all.get("f1_1"), steps, "F1 with label 1 as positive"));
            variants.add(Metric.pct("f1_correct", "F1, correct steps (label 0)", all.get("f1_0"), steps, "F1 with label 0 as positive"));
        }
        Metric bin = Metric.pct("binary_accuracy", "Yes/no accuracy (Forecasting)", Stats.pct(binAcc), nBinary,
                "share of yes/no items whose answer contains the label's word (yes|true, no|false); a scalar score ≥ threshold means yes");
        if (nBinary > 0) {
            variants.add(bin);
        }
        if (nMulti > 0) {
            Metric ms = Metric.pct("multi_solution_accuracy", "Multi-Solution accuracy", Stats.pct(msAcc), nMulti,
                    "share of items where the better solution's score summed over both orders is strictly higher");
            variants.add(ms);
            heads.add(ms);
        }
        if (nBinary > 0) {
            heads.add(bin);
        }
        for (Map.Entry<String, int[]> e : critiques.entrySet()) {
            int[] c = e.getValue();
            int n = c[0] + c[1] + c[2];
            Metric w = Metric.pct(e.getKey() + "_win_rate", e.getKey() + " win rate", 100.0 * c[0] / n, n,
                    "share of items where the answer's score summed over both orders beats the reference's (ties are not wins)");
            variants.add(w);
            variants.add(Metric.pct(e.getKey() + "_tie_rate", e.getKey() + " tie rate", 100.0 * c[1] / n, n, "equal sums"));
            heads.add(w);
        }
        Metric headline = heads.isEmpty()
                ? Metric.pct("weighted_f1", "VLRMBench weighted F1", null, 0, "no item could be evaluated")
                : heads.get(0);
        if (heads.size() > 1) {
            ctx.note("the data mixes VLRMBench tasks; the headline is " + headline.label() + " and the others are listed per task "
                    + "(the paper reports each task on its own)");
        }
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "step_weighted_f1");
        agg.put("weighted_f1", "(n0/N)·F1_1 + (n1/N)·F1_0");
        agg.put("judge_answer", "integers of the answer, non-zero → 1, truncated or zero-padded");
        agg.put("threshold", threshold);
        agg.put("foresight", "label true: \\b(yes|true)\\b in the answer; false: \\b(no|false)\\b (case-insensitive)");
        agg.put("multi_solution", "last two \\d+ of each order's answer (missing → [0,0]); correct iff better's sum > other's");
        agg.put("critique_win_rate", "last two \\d+ per order, or 1 point per verdict; win iff answer's sum > reference's");
        String unit = steps > 0 ? "steps" : "items";
        return new Evaluation(headline, variants, sections, List.of(), results, agg, unit);
    }

    /** Points of two candidates: summed judge scores over the orders, or their scalar scores. */
    private static Map<String, Double> sums(EvalItem item, ScoreRecord rec, String a, String b) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (ItemScores.has(item, rec, a) || ItemScores.has(item, rec, b) || rec.judgments().isEmpty()) {
            out.put(a, ItemScores.score(item, rec, a));
            out.put(b, ItemScores.score(item, rec, b));
            return out;
        }
        Map<String, Double> pts = points(rec.judgments());
        for (String k : pts.keySet()) {
            if (!k.equals(a) && !k.equals(b)) {
                throw new ItemSkipped("a judgment names '" + k + "', not one of " + a + ", " + b);
            }
        }
        out.put(a, pts.getOrDefault(a, 0.0));
        out.put(b, pts.getOrDefault(b, 0.0));
        return out;
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
