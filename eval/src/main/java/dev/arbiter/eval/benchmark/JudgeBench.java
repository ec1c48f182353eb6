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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JudgeBench, ScalerLab/JudgeBench: each pair judged in both orders; each game votes +1 when it agrees with the label,
 * −1 when it picks the other answer, 0 for a tie or no verdict; correct = vote &gt; 0. Accuracy per category
 * (Knowledge = mmlu-pro*, Reasoning, Math, Coding) and overall. Scalar rewards play both games from their scores
 * with the official reward-model wrappers' convention: the second answer wins an exact tie (so ties are
 * inconsistent and count wrong). Also reported: single-game and require-agreement accuracies, order consistency,
 * first-position preference and parse failures (§9 and §10.1 of {@code rm-benchmarks.md}).
 */
public final class JudgeBench extends AbstractBenchmark {
    static final Map<String, String> CATEGORIES = Map.of("mmlu-pro", "Knowledge", "livebench-reasoning", "Reasoning",
            "livebench-math", "Math", "livecodebench", "Coding");
    static final List<String> CATEGORY_ORDER = List.of("mmlu-pro", "livebench-reasoning", "livebench-math", "livecodebench");

    @Override public String name() { return "judgebench"; }
    @Override public List<String> aliases() { return List.of("judge-bench", "judge_bench"); }
    @Override public String title() { return "JudgeBench"; }
    @Override public String description() {
        return "ordered pairs judged in both orders; vote of the two games; accuracy per category and overall";
    }
    @Override public List<BenchmarkOption> options() { return List.of(); }

    /** The JudgeBench category of a source ({@code mmlu-pro-law} → {@code mmlu-pro}). */
    public static String category(String source) {
        if (source == null) {
            return null;
        }
        return source.startsWith("mmlu-pro") ? "mmlu-pro" : source;
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        ObjectNode n = row.node();
        String id = RowFields.requiredText(n, "pair_id", "id");
        String label = RowFields.requiredText(n, "label");
        if (!label.equals("A>B") && !label.equals("B>A")) {
            throw new RowFields.BadRow("label must be A>B or B>A, was '" + label + "'");
        }
        String source = RowFields.requiredText(n, "source");
        JsonNode a = RowFields.any(n, "response_A");
        JsonNode b = RowFields.any(n, "response_B");
        if ((a == null) != (b == null)) {
            throw new RowFields.BadRow("missing field '" + (a == null ? "response_A" : "response_B") + "'");
        }
        boolean aWins = label.equals("A>B");
        List<Candidate> cands = List.of(
                new Candidate("A", a == null ? null : a.asText(), aWins ? "chosen" : "rejected", null, null, RowFields.text(n, "response_model")),
                new Candidate("B", b == null ? null : b.asText(), aWins ? "rejected" : "chosen", null, null, RowFields.text(n, "response_model")));
        ObjectNode meta = InputFiles.JSON.createObjectNode();
        for (String k : new String[] {"original_id", "response_model"}) {
            if (n.hasNonNull(k)) {
                meta.set(k, n.get(k));
            }
        }
        return new EvalItem(id, name(), source, category(source), null,
                RowFields.prompt(RowFields.any(n, "question"), "question"), null, null, cands,
                new Gold.OrderedLabel(List.of("A", "B"), label), "two_game_vote", null, meta, row.origin());
    }

    @Override
    public Optional<OfficialScores> readOfficialScores(InputFiles.Input scores, List<EvalItem> items, EvalContext ctx) {
        if (scores.isSingleObject()) {
            return Optional.empty();
        }
        ObjectNode first = scores.rows().stream().filter(r -> r.node() != null).map(InputFiles.Row::node).findFirst().orElse(null);
        if (first == null || !first.has("game1_AB")) {
            return Optional.empty();
        }
        Set<String> judges = new LinkedHashSet<>();
        for (InputFiles.Row r : scores.rows()) {
            if (r.node() != null) {
                judges.add(judgeKey(r.node()));
            }
        }
        String run = ctx.option("run");
        if (run == null && judges.size() > 1) {
            throw new EvalException(EvalException.Kind.USAGE, scores.path() + " holds the judgments of " + judges.size()
                    + " judges; pick one with the option run=JUDGE (" + String.join(", ", judges) + ")");
        }
        String judge = run == null ? judges.iterator().next() : judges.stream()
                .filter(j -> j.equals(run) || j.replace('/', '_').equals(run) || j.endsWith("/" + run)).findFirst()
                .orElseThrow(() -> new EvalException(EvalException.Kind.USAGE, scores.path() + " has no judge '" + run
                        + "' (" + String.join(", ", judges) + ")"));
        Map<String, EvalItem> byId = new HashMap<>();
        items.forEach(it -> byId.put(it.id(), it));
        Map<String, ScoreRecord> records = new LinkedHashMap<>();
        Map<String, String> dups = new LinkedHashMap<>();
        List<EvalItem> synthesized = new ArrayList<>();
        for (InputFiles.Row r : scores.rows()) {
            if (r.node() == null) {
                ctx.skip(r, null, r.error());
                continue;
            }
            ObjectNode n = r.node();
            if (!judgeKey(n).equals(judge)) {
                continue;
            }
            String id = n.path("pair_id").asText();
            if (records.containsKey(id)) {
                dups.putIfAbsent(id, records.get(id).origin() + " and " + r.origin());
                continue;
            }
            List<Judgment> js = new ArrayList<>();
            js.add(new Judgment(List.of("A", "B"), null, text(n.path("game1_AB").get("decision")), 0));
            js.add(new Judgment(List.of("B", "A"), null, text(n.path("game2_BA").get("decision")), 1));
            Map<String, Double> s = new LinkedHashMap<>();
            JsonNode sc = n.path("game1_AB").get("scores");
            if (sc != null && sc.isArray() && sc.size() == 2) {
                s.put("A", sc.get(0).doubleValue());
                s.put("B", sc.get(1).doubleValue());
            }
            records.put(id, new ScoreRecord(id, s, null, js, null, r.origin()));
            EvalItem item = byId.get(id);
            if (item != null) {
                String label = n.path("label").asText(null);
                if (label != null && item.gold() instanceof Gold.OrderedLabel g && !label.equals(g.label())) {
                    ctx.note("pair " + id + ": the judgments file says " + label + " but the data says " + g.label() + "; the data's label is used");
                }
            } else if (items.isEmpty()) {
                try {
                    synthesized.add(officialRow(r, ctx));
                } catch (RowFields.BadRow e) {
                    ctx.skip(r, id, e.getMessage());
                }
            }
        }
        ctx.note("official JudgeBench judgments of " + judge + " (" + first.path("judge_name").asText("?") + ")");
        ScoreTable table = new ScoreTable(records, dups, List.of(), scores.path().getFileName() + " judge " + judge);
        return Optional.of(OfficialScores.perItem(items.isEmpty() ? synthesized : null, table, "JudgeBench judgments of " + judge));
    }

    private static String judgeKey(ObjectNode n) {
        return n.path("judge_model").asText(n.path("judge_name").asText("judge"));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        Tally correctBy = new Tally();
        Tally bySource = new Tally();
        Tally consistentBy = new Tally();
        int[] counts = new int[6]; // games, unparsed, decided, first-won, single-correct, agree-correct
        List<ItemResult> results = each(items, ctx, item -> {
            if (!(item.gold() instanceof Gold.OrderedLabel g) || g.label() == null) {
                throw new ItemSkipped("gold must be ordered_label with a label (A>B or B>A)");
            }
            String label = g.label();
            String a = g.order().get(0);
            String b = g.order().get(1);
            ScoreRecord rec = ItemScores.record(item, scores);
            List<String> decisions = new ArrayList<>();
            List<Boolean> firstWon = new ArrayList<>();
            Map<String, Double> shown = new LinkedHashMap<>();
            if (!rec.judgments().isEmpty()) {
                for (Judgment j : rec.judgments()) {
                    if (j.order().size() != 2 || !j.order().contains(a) || !j.order().contains(b)) {
                        throw new ItemSkipped("a judgment shows " + j.order() + ", not the pair [" + a + ", " + b + "]");
                    }
                    String w = Verdicts.winner(j, Verdicts::bracketLetter);
                    decisions.add(w == null ? null : w.equals(Verdicts.TIE) ? "A=B" : w.equals(a) ? "A>B" : "B>A");
                    firstWon.add(w == null || w.equals(Verdicts.TIE) ? null : w.equals(j.order().get(0)));
                }
                if (ItemScores.has(item, rec, a) && ItemScores.has(item, rec, b)) {
                    shown.put(a, ItemScores.score(item, rec, a));
                    shown.put(b, ItemScores.score(item, rec, b));
                }
            } else {
                double sa = ItemScores.score(item, rec, a);
                double sb = ItemScores.score(item, rec, b);
                shown.put(a, sa);
                shown.put(b, sb);
                decisions.add(sa > sb ? "A>B" : "B>A");             // game 1 shows (a, b); the second wins ties
                firstWon.add(sa > sb);
                decisions.add(sb > sa ? "B>A" : "A>B");             // game 2 shows (b, a); again the second (a) wins ties
                firstWon.add(sb > sa);
            }
            int vote = 0;
            for (String d : decisions) {
                counts[0]++;
                if (d == null) {
                    counts[1]++;
                }
                vote += label.equals(d) ? 1 : Verdicts.flip(label).equals(d) ? -1 : 0;
            }
            for (Boolean f : firstWon) {
                if (f != null) {
                    counts[2]++;
                    counts[3] += f ? 1 : 0;
                }
            }
            double correct = vote > 0 ? 1 : 0;
            boolean single = label.equals(decisions.get(0));
            boolean agree = decisions.stream().allMatch(label::equals);
            counts[4] += single ? 1 : 0;
            counts[5] += agree ? 1 : 0;
            double consistent = decisions.size() >= 2 && java.util.Objects.equals(decisions.get(0), decisions.get(1)) ? 1 : 0;
            String cat = item.section() != null ? item.section() : category(item.subset());
            if (cat == null) {
                throw new ItemSkipped("missing field 'source'");
            }
            correctBy.add(cat, correct);
            consistentBy.add(cat, consistent);
            bySource.add(item.subset() == null ? cat : item.subset(), correct);
            Map<String, Double> outcome = new LinkedHashMap<>();
            outcome.put("correct", correct);
            outcome.put("vote", (double) vote);
            outcome.put("consistent", consistent);
            return new ItemResult(item.id(), item.subset(), cat, outcome, candidateResults(item, shown));
        });
        int n = results.size();
        List<MetricGroup> sections = new ArrayList<>();
        List<String> order = new ArrayList<>(CATEGORY_ORDER);
        correctBy.keys().stream().filter(k -> !order.contains(k)).forEach(order::add);
        List<Metric> variants = new ArrayList<>();
        double correctSum = 0;
        double consSum = 0;
        for (String k : order) {
            if (!correctBy.has(k)) {
                continue;
            }
            correctSum += correctBy.sum(k);
            consSum += consistentBy.sum(k);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("accuracy", 100 * correctBy.mean(k));
            m.put("order_consistent", 100 * consistentBy.mean(k));
            String label = CATEGORIES.getOrDefault(k, k);
            sections.add(new MetricGroup("category", k, label + " (" + k + ")", correctBy.count(k), m, "accuracy"));
            variants.add(Metric.pct(label.toLowerCase(java.util.Locale.ROOT), label, 100 * correctBy.mean(k), correctBy.count(k),
                    "two-game vote accuracy on " + k));
        }
        List<MetricGroup> subsets = new ArrayList<>();
        for (String k : bySource.keys()) {
            subsets.add(new MetricGroup("source", k, k, bySource.count(k), Map.of("accuracy", 100 * bySource.mean(k)), "accuracy"));
        }
        variants.add(Metric.pct("accuracy_require_agreement", "Accuracy, both orders must agree", n == 0 ? null : 100.0 * counts[5] / n, n,
                "correct only if every game picks the right answer"));
        variants.add(Metric.pct("accuracy_single_game", "Accuracy, first order only", n == 0 ? null : 100.0 * counts[4] / n, n,
                "game 1 alone: the decision equals the label"));
        variants.add(Metric.pct("order_consistency", "Order consistency", n == 0 ? null : 100.0 * consSum / n, n,
                "share of pairs whose two games agree after flipping"));
        variants.add(Metric.pct("first_position_preference", "First-position preference", counts[2] == 0 ? null : 100.0 * counts[3] / counts[2], counts[2],
                "share of decided games won by the answer shown first"));
        variants.add(Metric.pct("parse_failure_rate", "Games without a verdict", counts[0] == 0 ? null : 100.0 * counts[1] / counts[0], counts[0],
                "share of games whose decision is missing or unparseable"));
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "two_game_vote");
        agg.put("vote", "+1 if a game's decision equals the label, −1 if it is the flipped label, 0 otherwise; correct = vote > 0");
        agg.put("scalar_ties", "the second-shown answer wins an exact tie (official reward-model wrappers)");
        agg.put("categories", "Knowledge = mmlu-pro*, Reasoning = livebench-reasoning, Math = livebench-math, Coding = livecodebench");
        return new Evaluation(Metric.pct("accuracy", "JudgeBench overall accuracy", n == 0 ? null : 100.0 * correctSum / n, n,
                "share of pairs whose two-game vote is positive"), variants, sections, subsets, results, agg, "pairs");
    }
}
