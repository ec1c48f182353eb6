package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * WildBench (allenai/WildBench), WB-Reward and WB-Score (§10.2 of {@code rm-benchmarks.md}).
 *
 * <p>Per item: the test answer against a reference answer, a five-way outcome (+1, +½, 0, −½, −1); with length
 * margin {@code K} a slight win becomes a tie when the test answer is longer than the reference by more than K
 * characters, and a slight loss becomes a tie when the reference is longer by more than K. Reward = mean outcome
 * ×100 per reference model; WB-Reward-Mix = mean over the three references; task-macro = the per-category rewards
 * weighted 0.5 (Creative), 1.25 (Planning &amp; Reasoning), 1.0 (Math &amp; Data), 0.75 (Information), 1.25 (Coding).
 *
 * <p>As scores, the leaderboard's {@code pairwise-<ref>-K=<k>.json} count files and {@code score.json} are read
 * (a file or their directory; option {@code run} picks the model), and every number is recomputed from the counts.
 */
public final class WildBench extends AbstractBenchmark {
    /** Task-macro weights of the five categories. */
    public static final Map<String, Double> TASK_WEIGHTS;
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
    }

    @Override public String name() { return "wildbench"; }
    @Override public List<String> aliases() { return List.of("wild-bench", "wb", "wb-reward"); }
    @Override public String title() { return "WildBench (WB-Reward / WB-Score)"; }
    @Override public String description() {
        return "test vs reference answer, 5-way outcome with length margin K; reward ×100, mix of 3 references, task macro";
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

    /** The task-macro of per-category values with {@link #TASK_WEIGHTS} (categories absent from the map are left out). */
    public static double taskMacro(Map<String, Double> perCategory) {
        double s = 0;
        double w = 0;
        for (Map.Entry<String, Double> e : perCategory.entrySet()) {
            Double weight = TASK_WEIGHTS.get(e.getKey());
            if (weight != null && !Double.isNaN(e.getValue())) {
                s += weight * e.getValue();
                w += weight;
            }
        }
        return w == 0 ? Double.NaN : s / w;
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
        String test = RowFields.requiredText(n, "output", "test_output", "response");
        String ref = RowFields.requiredText(n, "reference_output", "ref_output");
        String refModel = RowFields.text(n, "reference_model", "ref_model");
        List<Candidate> cands = List.of(new Candidate("test", test, "unlabelled", null, null, RowFields.text(n, "model")),
                new Candidate("ref", ref, "unlabelled", null, null, refModel));
        ObjectNode meta = InputFiles.JSON.createObjectNode();
        if (refModel != null) {
            meta.put("reference_model", refModel);
        }
        return new EvalItem(refModel == null ? id : refModel + ":" + id, name(), RowFields.text(n, "task_category", "primary_tag"),
                refModel, null, RowFields.prompt(RowFields.any(n, "prompt", "question", "conversation_input"), "prompt"), null, null, cands,
                new Gold.OrderedLabel(List.of("test", "ref"), null), "wb_reward", null, meta, row.origin());
    }

    // ---- aggregate leaderboard files -------------------------------------------------------------------------

    @Override
    public Optional<OfficialScores> readOfficialScores(InputFiles.Input scores, List<EvalItem> items, EvalContext ctx) {
        if (scores.objects().isEmpty()) {
            return Optional.empty();
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
                        + " tasks have no parsed outcome and stay in the denominator (as ties), as upstream");
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
        Map<String, Tally> byRef = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        int[] unparsed = {0};
        List<ItemResult> results = each(items, ctx, item -> {
            if (!(item.gold() instanceof Gold.OrderedLabel g)) {
                throw new ItemSkipped("gold type '" + item.gold().type() + "' does not fit WildBench (needs ordered_label [test, reference])");
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
            int lt = item.candidate(test).map(Candidate::length).orElse(0);
            int lr = item.candidate(ref).map(Candidate::length).orElse(0);
            if (o == null) {
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
            double value = o / 2.0;
            byRef.computeIfAbsent(refName, x -> new Tally()).add(item.subset() == null ? "(none)" : item.subset(), value);
            int[] c = counts.computeIfAbsent(refName, x -> new int[5]);
            c[2 - o]++;
            return new ItemResult(item.id(), item.subset(), refName, Map.of("reward", value), candidateResults(item, shown));
        });
        if (unparsed[0] > 0) {
            ctx.note(unparsed[0] + " items have no parsed outcome; they count as ties and stay in the denominator, as upstream");
        }
        List<Metric> variants = new ArrayList<>();
        List<MetricGroup> sections = new ArrayList<>();
        List<MetricGroup> subsets = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, Tally> e : byRef.entrySet()) {
            Tally t = e.getValue();
            double sum = 0;
            int n = 0;
            Map<String, Double> perCat = new LinkedHashMap<>();
            for (String cat : t.keys()) {
                sum += t.sum(cat);
                n += t.count(cat);
                perCat.put(cat, t.mean(cat));
                subsets.add(new MetricGroup("task:" + e.getKey(), e.getKey() + " / " + cat, cat + " vs " + e.getKey(), t.count(cat),
                        Map.of("reward", 100 * t.mean(cat)), "reward"));
            }
            double r = sum / n;
            double macro = taskMacro(perCat);
            rewards.add(r);
            total += n;
            int[] c = counts.get(e.getKey());
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("reward", 100 * r);
            m.put("task_macro_reward", Stats.pct(macro));
            m.put("win_much", (double) c[0]);
            m.put("win", (double) c[1]);
            m.put("tie", (double) c[2]);
            m.put("lose", (double) c[3]);
            m.put("lose_much", (double) c[4]);
            sections.add(new MetricGroup("reference", e.getKey(), "vs " + e.getKey(), n, m, "reward"));
            variants.add(Metric.raw("reward_" + e.getKey(), "WB-Reward vs " + e.getKey(), 100 * r, n, "mean outcome ×100"));
            variants.add(Metric.raw("task_macro_reward_" + e.getKey(), "WB-Reward task macro vs " + e.getKey(), Stats.pct(macro), n,
                    "per-category rewards weighted 0.5/1.25/1.0/0.75/1.25"));
        }
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "wb_reward(K)");
        agg.put("K", k);
        agg.put("much_margin", much);
        ObjectNode w = agg.putObject("task_weights");
        TASK_WEIGHTS.forEach(w::put);
        return new Evaluation(Metric.raw(rewards.size() > 1 ? "wb_reward_mix" : "wb_reward", rewards.size() > 1 ? "WB-Reward (mean over references)" : "WB-Reward",
                Stats.pct(Stats.mean(rewards)), total, "mean outcome ×100 (much ±1, slight ±½, tie 0), length margin K=" + (long) k),
                variants, sections, subsets, results, agg, "tasks");
    }
}
