package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WildBench (allenai/WildBench), WB-Reward and WB-Score (§10.2 of {@code rm-benchmarks.md}), with the aggregation of
 * the leaderboard's {@code leaderboard/data_dir/_create_tables.py} (@ d6b8dca).
 *
 * <p>WB-Reward per item: the test answer against a reference answer, a five-way outcome (+1, +½, 0, −½, −1); with
 * length margin {@code K} a slight win becomes a tie when the test answer is longer than the reference by more than K
 * characters, and a slight loss becomes a tie when the reference is longer by more than K. Reward = mean outcome
 * ×100 per reference model; WB-Reward-Mix = mean over the three references.
 *
 * <p>WB-Score per item: the judge's 1–10 rating of the test answer; WB-Score = (mean − 5) × 2 over every rated task,
 * per task group likewise.
 *
 * <p>Task groups: a task's primary and secondary tags are mapped onto five groups ({@link #TAG_GROUP}) and
 * deduplicated; a task counts in every group it maps to. Task macro = Σ weight·group value / 4.75, the weights
 * 0.5 (Creative), 1.25 (Planning &amp; Reasoning), 1.0 (Math &amp; Data), 0.75 (Information), 1.25 (Coding) summed
 * over all five groups even when one is absent, as upstream. Answers that are truncated ({@code ... (truncated)}) or
 * empty ({@code [This model response is empty.]} in pairwise files, length 0 in score files) stay in the overall
 * denominator (pairwise: outcome 0) but leave every task group, as upstream.
 *
 * <p>As scores, the leaderboard's {@code pairwise-<ref>-K=<k>.json} count files and {@code score.json} are read
 * (a file or their directory; option {@code run} picks the model), and every number is recomputed from the counts;
 * so are the per-model WB-Score result files of {@code eval_results/v2.0625/score.v2/eval=<judge>/<model>.json}
 * (rows {@code session_id, score, model_output, model_test}), whose task tags come from the rows or from the
 * WildBench v2 tasks given as data.
 */
public final class WildBench extends AbstractBenchmark {
    /** Task-macro weights of the five categories. */
    public static final Map<String, Double> TASK_WEIGHTS;
    /** The twelve WildBench task tags → the five reporting groups ({@code task_group_new} upstream). */
    public static final Map<String, String> TAG_GROUP;
    /** Σ of the five weights; the task macro always divides by it (upstream). */
    static final double WEIGHT_SUM = 4.75;
    static final String TRUNCATED = "... (truncated)";
    static final String EMPTY_MARKER = "[This model response is empty.]";
    private static final Pattern SCORE_QUOTED = Pattern.compile("\"score\"\\s*:\\s*\"([^\"]*?)\"");
    private static final Pattern SCORE_QUOTED_LOOSE = Pattern.compile("\"score\"\\s*:\\s*\"(.*?)\"", Pattern.DOTALL);
    static final Map<String, String> REFERENCES = Map.of("gpt4t", "gpt-4-turbo-2024-04-09", "haiku", "claude-3-haiku-20240307",
            "llama", "Llama-2-70b-chat");
    private static final Pattern PAIRWISE_FILE = Pattern.compile("pairwise-([a-z0-9]+)-K=(-?\\d+)\\.json");

    static {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("Creative Tasks", 0.5);
        w.put("Planning & Reasoning", 1.25);
        w.put("Math & Data Analysis", 1.0);
        w.put("Information/Advice seeking", 0.75);
        w.put("Coding & Debugging", 1.25);
        TASK_WEIGHTS = java.util.Collections.unmodifiableMap(w);
        Map<String, String> t = new LinkedHashMap<>();
        t.put("Information seeking", "Information/Advice seeking");
        t.put("Creative Writing", "Creative Tasks");
        t.put("Coding & Debugging", "Coding & Debugging");
        t.put("Reasoning", "Planning & Reasoning");
        t.put("Editing", "Creative Tasks");
        t.put("Math", "Math & Data Analysis");
        t.put("Planning", "Planning & Reasoning");
        t.put("Brainstorming", "Creative Tasks");
        t.put("Role playing", "Creative Tasks");
        t.put("Advice seeking", "Information/Advice seeking");
        t.put("Data Analysis", "Math & Data Analysis");
        t.put("Others", "Creative Tasks");
        TAG_GROUP = java.util.Collections.unmodifiableMap(t);
    }

    @Override public String name() { return "wildbench"; }
    @Override public List<String> aliases() { return List.of("wild-bench", "wb", "wb-reward"); }
    @Override public String title() { return "WildBench (WB-Reward / WB-Score)"; }
    @Override public String description() {
        return "WB-Reward: test vs reference answer, 5-way outcome with length margin K, ×100, mix of 3 references; "
                + "WB-Score: 1–10 ratings, (mean − 5) × 2; task macros";
    }

    @Override
    public List<BenchmarkOption> options() {
        return List.of(
                BenchmarkOption.free("k", "-1", "length margin K in characters (-1 disables the length rule); picks the K=<k> count files"),
                BenchmarkOption.free("much_margin", "Infinity",
                        "scalar rewards: a score difference at least this large is a 'much' outcome, smaller non-zero ones 'slight'"));
    }

    /** Outcome counts of one model against one reference. */
    public record Counts(double winMuch, double win, double tie, double lose, double loseMuch, double total) {
        /** WB-Reward as a fraction: (win_much + ½win − ½lose − lose_much) / total; unparsed items stay in total. */
        public double reward() {
            return (winMuch + 0.5 * win - 0.5 * lose - loseMuch) / total;
        }

        static Counts of(JsonNode n, boolean totalFromSum) {
            double wm = n.path("win_much").asDouble();
            double w = n.path("win").asDouble();
            double t = n.path("tie").asDouble();
            double l = n.path("lose").asDouble();
            double lm = n.path("lose_much").asDouble();
            double total = totalFromSum || !n.has("total") ? wm + w + t + l + lm : n.path("total").asDouble();
            return new Counts(wm, w, t, l, lm, total);
        }
    }

    /**
     * The task macro of per-category values: Σ weight·value over the five groups present, divided by the sum of all
     * five weights (4.75) as {@code _create_tables.py} does, so an absent group counts as 0. Other keys are ignored.
     */
    public static double taskMacro(Map<String, Double> perCategory) {
        double s = 0;
        boolean any = false;
        for (Map.Entry<String, Double> e : perCategory.entrySet()) {
            Double weight = TASK_WEIGHTS.get(e.getKey());
            if (weight != null && !Double.isNaN(e.getValue())) {
                s += weight * e.getValue();
                any = true;
            }
        }
        return any ? s / WEIGHT_SUM : Double.NaN;
    }

    /**
     * The task groups of a row: {@code primary_tag} and {@code secondary_tags} mapped with {@link #TAG_GROUP} and
     * deduplicated; without tags, {@code task_categories} or {@code task_category} (group names, or tags to map).
     * An unknown tag is a bad row (upstream fails on it too).
     */
    static List<String> categories(ObjectNode n) {
        Set<String> out = new LinkedHashSet<>();
        String primary = RowFields.text(n, "primary_tag");
        if (primary != null) {
            List<String> tags = new ArrayList<>();
            tags.add(primary);
            JsonNode sec = RowFields.any(n, "secondary_tags");
            if (sec != null) {
                tags.addAll(RowFields.strings(sec, "secondary_tags"));
            }
            for (String tag : tags) {
                String g = TAG_GROUP.get(tag);
                if (g == null) {
                    throw new RowFields.BadRow("unknown WildBench task tag '" + tag + "' (known: " + String.join(", ", TAG_GROUP.keySet()) + ")");
                }
                out.add(g);
            }
            return List.copyOf(out);
        }
        JsonNode cats = RowFields.any(n, "task_categories", "task_category");
        if (cats == null) {
            return List.of();
        }
        List<String> names = cats.isArray() || cats.asText().strip().startsWith("[") ? RowFields.strings(cats, "task_categories")
                : List.of(cats.asText());
        for (String c : names) {
            out.add(TAG_GROUP.getOrDefault(c, c));
        }
        return List.copyOf(out);
    }

    /** The judge's score from its raw output as {@code eval.py}'s {@code parse_result}: JSON, then {@code "score": "x"}. */
    static Double parseScore(String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.strip();
        String v = null;
        try {
            JsonNode n = InputFiles.JSON.readTree(t);
            if (n != null && n.isObject() && n.hasNonNull("score")) {
                v = n.get("score").asText();
            }
        } catch (java.io.IOException e) {
            Matcher m = SCORE_QUOTED.matcher(t);
            if (m.find()) {
                v = m.group(1);
            } else {
                Matcher loose = SCORE_QUOTED_LOOSE.matcher(t);
                v = loose.find() ? loose.group(1) : null;
            }
        }
        return v == null ? null : number(v);
    }

    /** Python's {@code float(x)} on a score: a number or a numeric string, else {@code null}. */
    static Double number(String v) {
        try {
            double d = Double.parseDouble(v.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reward and task-macro reward (fractions) recomputed from one leaderboard entry's counts. */
    public static double[] recompute(JsonNode entry) {
        Counts c = Counts.of(entry, false);
        Map<String, Double> cats = new LinkedHashMap<>();
        JsonNode tc = entry.path("task_categorized_results");
        for (Map.Entry<String, JsonNode> e : tc.properties()) {
            Counts cc = Counts.of(e.getValue(), true);
            cats.put(e.getKey(), cc.total == 0 ? 0.0 : cc.reward());
        }
        return new double[] {c.reward(), taskMacro(cats)};
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        ObjectNode n = row.node();
        String id = RowFields.requiredText(n, "session_id", "id");
        String test = RowFields.text(n, "output", "test_output", "response", "model_output");
        String ref = RowFields.text(n, "reference_output", "ref_output");
        List<String> cats = categories(n);
        ObjectNode meta = InputFiles.JSON.createObjectNode();
        var arr = meta.putArray("task_categories");
        cats.forEach(arr::add);
        String subset = cats.isEmpty() ? null : cats.get(0);
        Prompt prompt = RowFields.prompt(RowFields.any(n, "prompt", "question", "conversation_input"), "prompt");
        if (ref == null) {
            // WB-Score: the test answer alone, rated 1–10; or a WildBench task without an answer (its tags for score files)
            if (test == null && cats.isEmpty()) {
                throw new RowFields.BadRow("missing field 'output' (WB-Score), 'output' and 'reference_output' (WB-Reward), "
                        + "or the task tags 'primary_tag'/'secondary_tags'");
            }
            String model = RowFields.text(n, "model_test", "model", "generator");
            if (model != null) {
                meta.put("model", model);
            }
            return new EvalItem(id, name(), subset, null, null, prompt, null, null,
                    List.of(new Candidate("test", test, "unlabelled", null, null, model)), new Gold.Rating("test"), "wb_score",
                    null, meta, row.origin());
        }
        if (test == null) {
            throw new RowFields.BadRow("missing field 'output' (the test answer; or test_output, response)");
        }
        String refModel = RowFields.text(n, "reference_model", "ref_model");
        List<Candidate> cands = List.of(new Candidate("test", test, "unlabelled", null, null, RowFields.text(n, "model")),
                new Candidate("ref", ref, "unlabelled", null, null, refModel));
        if (refModel != null) {
            meta.put("reference_model", refModel);
        }
        return new EvalItem(refModel == null ? id : refModel + ":" + id, name(), subset, refModel, null, prompt, null, null, cands,
                new Gold.OrderedLabel(List.of("test", "ref"), null), "wb_reward", null, meta, row.origin());
    }

    /** The task groups an item was loaded with ({@code meta.task_categories}), else its subset. */
    static List<String> itemCategories(EvalItem item) {
        JsonNode c = item.meta().get("task_categories");
        if (c != null && c.isArray() && !c.isEmpty()) {
            List<String> out = new ArrayList<>();
            c.forEach(x -> out.add(TAG_GROUP.getOrDefault(x.asText(), x.asText())));
            return out;
        }
        return item.subset() == null ? List.of() : List.of(TAG_GROUP.getOrDefault(item.subset(), item.subset()));
    }

    /** Upstream leaves these answers out of every task group (and out of the outcome counts). */
    static boolean truncatedOrEmpty(String text, boolean pairwise) {
        if (text == null) {
            return false;
        }
        String t = text.strip();
        return t.endsWith(TRUNCATED) || (pairwise ? t.equals(EMPTY_MARKER) : t.isEmpty());
    }

    // ---- aggregate leaderboard files -------------------------------------------------------------------------

    @Override
    public Optional<OfficialScores> readOfficialScores(InputFiles.Input scores, List<EvalItem> items, EvalContext ctx) {
        if (scores.objects().isEmpty()) {
            return isScoreFile(scores.rows()) ? Optional.of(readScoreFiles(scores, items, ctx)) : Optional.empty();
        }
        String k = ctx.option("k");
        Map<String, ObjectNode> pairwise = new TreeMap<>(); // ref key → file object
        Map<String, String> refFile = new LinkedHashMap<>();
        ObjectNode scoreFile = null;
        for (Map.Entry<Path, ObjectNode> e : scores.objects().entrySet()) {
            String file = e.getKey().getFileName().toString();
            Matcher m = PAIRWISE_FILE.matcher(file);
            if (m.matches()) {
                boolean single = scores.objects().size() == 1;
                if (single || m.group(2).equals(k)) {
                    pairwise.put(m.group(1), e.getValue());
                    refFile.put(m.group(1), file);
                    if (single && !m.group(2).equals(k)) {
                        k = m.group(2);
                    }
                }
            } else if (file.equals("score.json") || looksLikeScores(e.getValue())) {
                scoreFile = e.getValue();
            } else if (looksLikePairwise(e.getValue())) {
                pairwise.put("ref", e.getValue());
                refFile.put("ref", file);
            }
        }
        if (pairwise.isEmpty() && scoreFile == null) {
            throw new EvalException(EvalException.Kind.INPUT, scores.path() + ": no WildBench pairwise-<ref>-K=" + k
                    + ".json or score.json found (option k picks the length margin)");
        }
        Set<String> models = new LinkedHashSet<>();
        pairwise.values().forEach(o -> o.fieldNames().forEachRemaining(models::add));
        if (scoreFile != null) {
            scoreFile.fieldNames().forEachRemaining(models::add);
        }
        String model = ctx.option("run");
        if (model == null && models.size() > 1) {
            throw new EvalException(EvalException.Kind.USAGE, scores.path() + " holds " + models.size()
                    + " models; pick one with the option run=MODEL (" + String.join(", ", models) + ")");
        }
        if (model == null) {
            model = models.iterator().next();
        }
        if (!models.contains(model)) {
            throw new EvalException(EvalException.Kind.USAGE, scores.path() + " has no model '" + model + "' ("
                    + String.join(", ", models) + ")");
        }
        List<MetricGroup> sections = new ArrayList<>();
        List<MetricGroup> subsets = new ArrayList<>();
        List<Metric> variants = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        List<Double> macros = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : pairwise.entrySet()) {
            JsonNode entry = e.getValue().get(model);
            String ref = REFERENCES.getOrDefault(e.getKey(), e.getKey());
            if (entry == null) {
                ctx.note("model " + model + " has no entry in " + refFile.get(e.getKey()));
                continue;
            }
            Counts c = Counts.of(entry, false);
            double[] rm = recompute(entry);
            if (entry.has("reward") && Math.abs(entry.get("reward").asDouble() - rm[0]) > 1e-9) {
                ctx.note(refFile.get(e.getKey()) + ": the file's reward " + entry.get("reward").asDouble()
                        + " differs from the one recomputed from its counts " + rm[0]);
            }
            double sum = c.winMuch + c.win + c.tie + c.lose + c.loseMuch;
            if (sum < c.total) {
                ctx.note("vs " + ref + ": " + (long) (c.total - sum) + " of " + (long) c.total
                        + " tasks have no counted outcome (upstream skips truncated and empty answers) and stay in the "
                        + "denominator (as ties), as upstream");
            }
            rewards.add(rm[0]);
            macros.add(rm[1]);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("reward", 100 * rm[0]);
            m.put("task_macro_reward", 100 * rm[1]);
            m.put("win_much", c.winMuch);
            m.put("win", c.win);
            m.put("tie", c.tie);
            m.put("lose", c.lose);
            m.put("lose_much", c.loseMuch);
            sections.add(new MetricGroup("reference", ref, "vs " + ref, (int) c.total, m, "reward"));
            variants.add(Metric.raw("reward_" + e.getKey(), "WB-Reward vs " + ref, 100 * rm[0], (int) c.total,
                    "(win_much + ½·win − ½·lose − lose_much) / total ×100, K=" + k));
            variants.add(Metric.raw("task_macro_reward_" + e.getKey(), "WB-Reward task macro vs " + ref, 100 * rm[1], (int) c.total,
                    "per-category rewards weighted 0.5/1.25/1.0/0.75/1.25"));
            JsonNode tc = entry.path("task_categorized_results");
            for (Map.Entry<String, JsonNode> cat : tc.properties()) {
                Counts cc = Counts.of(cat.getValue(), true);
                subsets.add(new MetricGroup("task:" + ref, ref + " / " + cat.getKey(), cat.getKey() + " vs " + ref, (int) cc.total,
                        Map.of("reward", cc.total == 0 ? 0.0 : 100 * cc.reward()), "reward"));
            }
        }
        Metric headline;
        if (!rewards.isEmpty()) {
            boolean mix = rewards.size() == 3 && pairwise.keySet().containsAll(REFERENCES.keySet());
            double r = Stats.mean(rewards);
            headline = Metric.raw(mix ? "wb_reward_mix" : "wb_reward", mix ? "WB-Reward-Mix" : "WB-Reward", 100 * r, null,
                    (mix ? "mean over the 3 references of " : "") + "(win_much + ½·win − ½·lose − lose_much) / total ×100, K=" + k);
            if (rewards.size() > 1) {
                variants.add(0, Metric.raw("task_macro_reward_mix", "WB-Reward task macro, mean over references",
                        100 * Stats.mean(macros), null, "mean of the per-reference task macros"));
            }
        } else {
            headline = null;
        }
        if (scoreFile != null && scoreFile.has(model)) {
            JsonNode s = scoreFile.get(model);
            double raw = s.path("score").asDouble(Double.NaN);
            double adjusted = (raw - 5) * 2;
            Map<String, Double> cats = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : s.path("task_categorized_scores").properties()) {
                cats.put(e.getKey(), e.getValue().asDouble());
            }
            double macro = taskMacro(cats);
            Metric wbScore = Metric.raw("wb_score", "WB-Score", adjusted, s.has("total") ? s.get("total").asInt() : null,
                    "(mean 1–10 score − 5) × 2 (the leaderboard shows ×10)");
            if (headline == null) {
                headline = wbScore;
            } else {
                variants.add(wbScore);
            }
            variants.add(Metric.raw("wb_score_task_macro", "WB-Score task macro", macro, null,
                    "per-category adjusted scores weighted 0.5/1.25/1.0/0.75/1.25"));
            variants.add(Metric.raw("wb_score_raw_mean", "WB-Score raw mean (1–10)", raw, null, "mean judge score"));
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("wb_score", adjusted);
            m.put("wb_score_task_macro", macro);
            m.putAll(cats);
            sections.add(new MetricGroup("wb_score", "WB-Score", "WB-Score (adjusted; by task)", s.path("total").asInt(), m, "wb_score"));
            for (Map.Entry<String, Double> e : cats.entrySet()) {
                subsets.add(new MetricGroup("task:WB-Score", "WB-Score / " + e.getKey(), e.getKey() + " (WB-Score)", 0,
                        Map.of("score", e.getValue()), "score"));
            }
        }
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "wb_reward(K)");
        agg.put("K", k);
        agg.put("reward", "(win_much + 0.5 win - 0.5 lose - lose_much) / total");
        ObjectNode w = agg.putObject("task_weights");
        TASK_WEIGHTS.forEach(w::put);
        agg.put("mix", "mean over gpt-4-turbo-2024-04-09, claude-3-haiku-20240307, Llama-2-70b-chat");
        agg.put("model", model);
        ctx.note("recomputed from the WildBench leaderboard counts for " + model + " (" + String.join(", ", refFile.values())
                + (scoreFile != null ? (refFile.isEmpty() ? "" : ", ") + "score.json" : "") + ")");
        return Optional.of(OfficialScores.aggregate(new Evaluation(headline, variants, sections, subsets, List.of(), agg, "tasks"),
                "WildBench leaderboard counts for " + model));
    }

    /** Rows of WildBench's per-model WB-Score result files: {@code session_id}, a score and the answer. */
    private static boolean isScoreFile(List<InputFiles.Row> rows) {
        for (InputFiles.Row r : rows) {
            if (r.node() != null) {
                ObjectNode n = r.node();
                return n.has("session_id") && (n.has("score") || n.has("parsed_result")) && !n.has("scores")
                        && !n.has("judgments") && (n.has("model_output") || n.has("model_test"));
            }
        }
        return false;
    }

    /**
     * The per-model score files of {@code eval_results/v2.0625/score.v2/eval=<judge>/}: one item per row of the model
     * picked with {@code run} (its {@code model_test}, or the file name), rated {@code score} (or
     * {@code parsed_result.score}); task tags from the row, else from the data item with the same session id.
     */
    private OfficialScores readScoreFiles(InputFiles.Input scores, List<EvalItem> data, EvalContext ctx) {
        Map<String, List<InputFiles.Row>> byModel = new LinkedHashMap<>();
        for (InputFiles.Row r : scores.rows()) {
            if (r.node() == null) {
                ctx.skip(r, null, r.error());
                continue;
            }
            String model = RowFields.text(r.node(), "model_test", "generator");
            if (model == null) {
                model = r.file().getFileName().toString().replaceFirst("\\.jsonl?$", "");
            }
            byModel.computeIfAbsent(model, k -> new ArrayList<>()).add(r);
        }
        String model = ctx.option("run");
        if (model == null && byModel.size() > 1) {
            throw new EvalException(EvalException.Kind.USAGE, scores.path() + " holds WB-Score results of " + byModel.size()
                    + " models; pick one with the option run=MODEL (" + String.join(", ", byModel.keySet()) + ")");
        }
        if (model == null) {
            model = byModel.keySet().iterator().next();
        }
        List<InputFiles.Row> rows = byModel.get(model);
        if (rows == null) {
            throw new EvalException(EvalException.Kind.USAGE, scores.path() + " has no WB-Score results for '" + model + "' ("
                    + String.join(", ", byModel.keySet()) + ")");
        }
        Map<String, List<String>> tagsById = new LinkedHashMap<>();
        for (EvalItem it : data) {
            List<String> c = itemCategories(it);
            if (!c.isEmpty()) {
                tagsById.putIfAbsent(it.id(), c);
            }
        }
        List<EvalItem> items = new ArrayList<>();
        Map<String, ScoreRecord> table = new LinkedHashMap<>();
        int untagged = 0;
        for (InputFiles.Row r : rows) {
            ObjectNode n = r.node();
            String id;
            List<String> cats;
            try {
                id = RowFields.requiredText(n, "session_id");
                cats = categories(n);
            } catch (RowFields.BadRow e) {
                ctx.skip(r, idOf(n), e.getMessage());
                continue;
            }
            if (cats.isEmpty()) {
                cats = tagsById.getOrDefault(id, List.of());
            }
            if (cats.isEmpty()) {
                untagged++;
            }
            JsonNode sv = n.has("score") ? n.get("score") : n.path("parsed_result").get("score");
            Double score = sv == null || sv.isNull() ? null : sv.isNumber() ? Double.valueOf(sv.doubleValue()) : number(sv.asText());
            if (score == null || !Double.isFinite(score)) {
                ctx.skip(r, id, "no numeric judge score (field 'score' or parsed_result.score" + (sv == null ? "" : ": '" + sv.asText() + "'")
                        + "); upstream's batch formatter drops such rows");
                continue;
            }
            if (table.containsKey(id)) {
                ctx.skip(r, id, "duplicate session_id: the same task was rated twice for " + model);
                continue;
            }
            ObjectNode meta = InputFiles.JSON.createObjectNode();
            var arr = meta.putArray("task_categories");
            cats.forEach(arr::add);
            meta.put("model", model);
            String out = RowFields.text(n, "model_output");
            items.add(new EvalItem(id, name(), cats.isEmpty() ? null : cats.get(0), null, null, null, null, null,
                    List.of(new Candidate("test", out, "unlabelled", null, null, model)), new Gold.Rating("test"), "wb_score",
                    null, meta, r.origin()));
            table.put(id, new ScoreRecord(id, Map.of("test", score), null, null, null, r.origin()));
        }
        if (untagged > 0) {
            ctx.note(untagged + " of " + items.size() + " rated tasks have no task tags (primary_tag/secondary_tags in the row, or "
                    + "the WildBench v2 tasks given with --data): they count in WB-Score but in no task group");
        }
        ctx.note("WB-Score results of " + model + " (" + items.size() + " rated tasks)");
        return OfficialScores.perItem(items, new ScoreTable(table, Map.of(), List.of(), "WB-Score results " + scores.path().getFileName()),
                "WildBench WB-Score results for " + model);
    }

    private static boolean looksLikeScores(ObjectNode o) {
        JsonNode first = o.elements().hasNext() ? o.elements().next() : null;
        return first != null && first.has("adjusted_score");
    }

    private static boolean looksLikePairwise(ObjectNode o) {
        JsonNode first = o.elements().hasNext() ? o.elements().next() : null;
        return first != null && first.has("win_much") && first.has("lose_much");
    }

    // ---- per item ----------------------------------------------------------------------------------------------

    /** The five-way outcome of a parsed verdict in the frame (test, reference): 2, 1, 0, -1, -2, or null. */
    static Integer outcome(String parsed) {
        if (parsed == null) {
            return null;
        }
        String p = parsed.strip().toUpperCase(Locale.ROOT).replace(" ", "");
        return switch (p) {
            case "A>>B", "A++", "MUCH_BETTER" -> 2;
            case "A>B", "A+", "SLIGHTLY_BETTER" -> 1;
            case "A=B", "TIE" -> 0;
            case "B>A", "B+", "SLIGHTLY_WORSE" -> -1;
            case "B>>A", "B++", "MUCH_WORSE" -> -2;
            default -> null;
        };
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        double k = ctx.optionDouble("k");
        double much = ctx.optionDouble("much_margin");
        Map<String, RefTally> byRef = new LinkedHashMap<>();
        List<Double> ratings = new ArrayList<>();
        Map<String, List<Double>> ratingsByCat = new LinkedHashMap<>();
        int[] unparsed = {0};
        int[] leftOut = {0};
        int[] ratingsLeftOut = {0};
        Set<String> unknownCats = new LinkedHashSet<>();
        List<ItemResult> results = each(items, ctx, item -> {
            List<String> cats = itemCategories(item);
            cats.stream().filter(c -> !TASK_WEIGHTS.containsKey(c)).forEach(unknownCats::add);
            if (item.gold() instanceof Gold.Rating g) {
                ScoreRecord rec = ItemScores.record(item, scores);
                double s;
                if (ItemScores.has(item, rec, g.cid()) || rec.judgments().isEmpty()) {
                    s = ItemScores.score(item, rec, g.cid());
                } else {
                    Judgment j = rec.judgments().get(0);
                    Double p = j.parsed() != null ? number(j.parsed()) : parseScore(j.raw());
                    if (p == null) {
                        throw new ItemSkipped("the judge's output has no score (" + (j.parsed() != null ? "parsed '" + j.parsed() + "'"
                                : "raw text") + "); upstream's batch formatter drops such tasks");
                    }
                    s = p;
                }
                ratings.add(s);
                String text = item.candidate(g.cid()).map(Candidate::text).orElse(null);
                boolean out = truncatedOrEmpty(text, false);
                if (out) {
                    ratingsLeftOut[0]++;
                } else {
                    cats.forEach(c -> ratingsByCat.computeIfAbsent(c, x -> new ArrayList<>()).add(s));
                }
                Map<String, Double> shown = new LinkedHashMap<>();
                shown.put(g.cid(), s);
                Map<String, Double> outcome = new LinkedHashMap<>();
                outcome.put("score", s);
                outcome.put("adjusted", (s - 5) * 2);
                return new ItemResult(item.id(), item.subset(), "WB-Score", outcome, candidateResults(item, shown));
            }
            if (!(item.gold() instanceof Gold.OrderedLabel g)) {
                throw new ItemSkipped("gold type '" + item.gold().type()
                        + "' does not fit WildBench (needs ordered_label [test, reference] or rating)");
            }
            String test = g.order().get(0);
            String ref = g.order().get(1);
            ScoreRecord rec = ItemScores.record(item, scores);
            Integer o;
            Map<String, Double> shown = new LinkedHashMap<>();
            if (!rec.judgments().isEmpty()) {
                Judgment j = rec.judgments().get(0);
                o = outcome(j.parsed());
                if (o != null && j.order().size() == 2 && j.order().get(0).equals(ref)) {
                    o = -o;
                }
            } else {
                double st = ItemScores.score(item, rec, test);
                double sr = ItemScores.score(item, rec, ref);
                shown.put(test, st);
                shown.put(ref, sr);
                double d = st - sr;
                o = d == 0 ? 0 : (Math.abs(d) >= much ? 2 : 1) * (int) Math.signum(d);
            }
            String testText = item.candidate(test).map(Candidate::text).orElse(null);
            String refText = item.candidate(ref).map(Candidate::text).orElse(null);
            int lt = item.candidate(test).map(Candidate::length).orElse(0);
            int lr = item.candidate(ref).map(Candidate::length).orElse(0);
            boolean out = truncatedOrEmpty(testText, true) || truncatedOrEmpty(refText, true);
            if (out) {
                leftOut[0]++;
                o = null;
            } else if (o == null) {
                unparsed[0]++;
                o = 0;
            } else if (k >= 0) {
                if (o == 1 && lt - lr > k) {
                    o = 0;
                } else if (o == -1 && lr - lt > k) {
                    o = 0;
                }
            }
            String refName = item.section() != null ? item.section() : item.metaText("reference_model") != null
                    ? item.metaText("reference_model") : "reference";
            RefTally t = byRef.computeIfAbsent(refName, x -> new RefTally());
            t.n++;
            double value = o == null ? 0.0 : o / 2.0;
            t.sum += value;
            if (o != null) {
                t.counts[2 - o]++;
                for (String c : cats) {
                    t.cats.add(c, value);
                }
            }
            return new ItemResult(item.id(), item.subset(), refName, Map.of("reward", value), candidateResults(item, shown));
        });
        if (unparsed[0] > 0) {
            ctx.note(unparsed[0] + " items have no parsed outcome; they count as ties and stay in the denominator");
        }
        if (leftOut[0] > 0) {
            ctx.note(leftOut[0] + " pairwise items have a truncated or empty answer: they stay in the denominator with outcome 0 "
                    + "but leave the outcome counts and the task groups, as _create_tables.py");
        }
        if (ratingsLeftOut[0] > 0) {
            ctx.note(ratingsLeftOut[0] + " rated answers are truncated or empty: they count in WB-Score but in no task group, "
                    + "as _create_tables.py");
        }
        if (!unknownCats.isEmpty()) {
            ctx.note("task categories outside the five WildBench groups are reported but not in the task macro: "
                    + String.join(", ", unknownCats));
        }
        List<Metric> variants = new ArrayList<>();
        List<MetricGroup> sections = new ArrayList<>();
        List<MetricGroup> subsets = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, RefTally> e : byRef.entrySet()) {
            RefTally t = e.getValue();
            Map<String, Double> perCat = new LinkedHashMap<>();
            for (String cat : t.cats.keys()) {
                perCat.put(cat, t.cats.mean(cat));
                subsets.add(new MetricGroup("task:" + e.getKey(), e.getKey() + " / " + cat, cat + " vs " + e.getKey(), t.cats.count(cat),
                        Map.of("reward", 100 * t.cats.mean(cat)), "reward"));
            }
            double r = t.sum / t.n;
            double macro = taskMacro(perCat);
            missingGroups(perCat, "vs " + e.getKey(), ctx);
            rewards.add(r);
            total += t.n;
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("reward", 100 * r);
            m.put("task_macro_reward", Stats.pct(macro));
            m.put("win_much", (double) t.counts[0]);
            m.put("win", (double) t.counts[1]);
            m.put("tie", (double) t.counts[2]);
            m.put("lose", (double) t.counts[3]);
            m.put("lose_much", (double) t.counts[4]);
            sections.add(new MetricGroup("reference", e.getKey(), "vs " + e.getKey(), t.n, m, "reward"));
            variants.add(Metric.raw("reward_" + e.getKey(), "WB-Reward vs " + e.getKey(), 100 * r, t.n, "mean outcome ×100"));
            variants.add(Metric.raw("task_macro_reward_" + e.getKey(), "WB-Reward task macro vs " + e.getKey(), Stats.pct(macro), t.n,
                    "Σ weight·group reward / 4.75, weights 0.5/1.25/1.0/0.75/1.25"));
        }
        Metric headline = null;
        if (!rewards.isEmpty()) {
            headline = Metric.raw(rewards.size() > 1 ? "wb_reward_mix" : "wb_reward", rewards.size() > 1 ? "WB-Reward (mean over references)"
                    : "WB-Reward", Stats.pct(Stats.mean(rewards)), total, "mean outcome ×100 (much ±1, slight ±½, tie 0), length margin K=" + (long) k);
        }
        if (!ratings.isEmpty()) {
            double mean = Stats.mean(ratings);
            Map<String, Double> perCat = new LinkedHashMap<>();
            for (Map.Entry<String, List<Double>> e : ratingsByCat.entrySet()) {
                perCat.put(e.getKey(), (Stats.mean(e.getValue()) - 5) * 2);
            }
            double macro = taskMacro(perCat);
            missingGroups(perCat, "WB-Score", ctx);
            Metric wbScore = Metric.raw("wb_score", "WB-Score", (mean - 5) * 2, ratings.size(),
                    "(mean 1–10 score − 5) × 2 over every rated task (the leaderboard shows ×10)");
            if (headline == null) {
                headline = wbScore;
            } else {
                variants.add(wbScore);
            }
            variants.add(Metric.raw("wb_score_task_macro", "WB-Score task macro", Stats.orNull(macro), ratings.size(),
                    "Σ weight·(group mean − 5)·2 / 4.75, weights 0.5/1.25/1.0/0.75/1.25"));
            variants.add(Metric.raw("wb_score_raw_mean", "WB-Score raw mean (1–10)", mean, ratings.size(), "mean judge score"));
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("wb_score", (mean - 5) * 2);
            m.put("wb_score_task_macro", Stats.orNull(macro));
            m.putAll(perCat);
            sections.add(new MetricGroup("wb_score", "WB-Score", "WB-Score (adjusted; by task)", ratings.size(), m, "wb_score"));
            for (Map.Entry<String, List<Double>> e : ratingsByCat.entrySet()) {
                subsets.add(new MetricGroup("task:WB-Score", "WB-Score / " + e.getKey(), e.getKey() + " (WB-Score)", e.getValue().size(),
                        Map.of("score", perCat.get(e.getKey())), "score"));
            }
        }
        if (headline == null) {
            headline = Metric.raw("wb_reward", "WB-Reward", null, 0, "no item could be evaluated");
        }
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", ratings.isEmpty() ? "wb_reward(K)" : rewards.isEmpty() ? "wb_score" : "wb_reward(K) + wb_score");
        agg.put("K", k);
        agg.put("much_margin", much);
        agg.put("wb_score", "(mean - 5) * 2");
        ObjectNode w = agg.putObject("task_weights");
        TASK_WEIGHTS.forEach(w::put);
        agg.put("task_macro", "sum(weight * group value) / 4.75");
        ObjectNode tg = agg.putObject("tag_groups");
        TAG_GROUP.forEach(tg::put);
        agg.put("truncated_or_empty", "in the overall denominator, out of the task groups");
        return new Evaluation(headline, variants, sections, subsets, results, agg, ratings.isEmpty() || !rewards.isEmpty() ? "tasks" : "rated tasks");
    }

    private static void missingGroups(Map<String, Double> perCat, String what, EvalContext ctx) {
        List<String> missing = TASK_WEIGHTS.keySet().stream().filter(c -> !perCat.containsKey(c)).toList();
        if (!missing.isEmpty() && perCat.keySet().stream().anyMatch(TASK_WEIGHTS::containsKey)) {
            ctx.note(what + ": no task in " + String.join(", ", missing) + "; the task macro still divides by all five weights (4.75), "
                    + "as upstream");
        }
    }

    /** Per reference model: items, reward sum, outcome counts (much win … much loss) and per-group outcomes. */
    private static final class RefTally {
        int n;
        double sum;
        final int[] counts = new int[5];
        final Tally cats = new Tally();
    }
}
