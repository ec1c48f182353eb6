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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RewardMATH, kimsh0507/RewardMATH_official: one correct solution against nine incorrect ones per problem.
 * Accuracy = the correct solution beats all nine strictly; accuracy with ties counts {@code ≥}; MRR with ties
 * broken against the correct solution. PRM step scores are reduced by each of {@link PrmAggregation}; a pairwise
 * judge's nine verdicts become scores (correct = wins + 1; a rejected = 1 if it lost, 11 if it won).
 *
 * <p>Reads the direct file (one row per solution), the pairwise file (one row per pair), the derived
 * {@code rewardmath_problems.jsonl}, and as scores the derived {@code rewardmath_official_scores.jsonl}
 * (option {@code run} = its {@code file_key}). In every layout the candidate {@code s0} is the correct solution.
 */
public final class RewardMath extends AbstractBenchmark {

    @Override public String name() { return "rewardmath"; }
    @Override public List<String> aliases() { return List.of("reward-math", "reward_math"); }
    @Override public String title() { return "RewardMATH"; }
    @Override public String description() {
        return "1 correct vs 9 incorrect solutions; accuracy (beat all 9), MRR; PRM step aggregations";
    }

    @Override
    public List<BenchmarkOption> options() {
        return List.of(BenchmarkOption.choice("prm_aggregation", "min", PrmAggregation.keys(),
                        "how the headline reduces PRM step scores (every reducer is reported as a variant)"),
                BenchmarkOption.choice("step_scores", "none", List.of("none", "prefix"),
                        "with a spec: 'prefix' also scores every step prefix and evaluates the spec as a PRM"));
    }

    @Override
    protected List<EvalItem> loadOfficial(List<InputFiles.Row> rows, EvalContext ctx) {
        ObjectNode first = rows.get(0).node();
        if (first.has("eval_solution_A")) {
            return grouped(rows, ctx, true);
        }
        if (first.has("eval_solution")) {
            return grouped(rows, ctx, false);
        }
        if (first.has("problem_idx") && first.has("solution_reference")) {
            List<EvalItem> out = new ArrayList<>();
            for (InputFiles.Row row : rows) {
                try {
                    out.add(problemRow(row));
                } catch (RowFields.BadRow e) {
                    ctx.skip(row, idOf(row.node()), e.getMessage());
                }
            }
            return out;
        }
        for (InputFiles.Row row : rows) {
            ctx.skip(row, idOf(row.node()), "not a RewardMATH row: expected the direct layout (eval_solution, solution_type), "
                    + "the pairwise layout (eval_solution_A/B, chosen_position), rewardmath_problems.jsonl or normalized items");
        }
        return List.of();
    }

    private EvalItem problemRow(InputFiles.Row row) {
        ObjectNode n = row.node();
        String id = RowFields.requiredText(n, "problem_idx");
        List<String> refs = RowFields.requiredStrings(n, "solution_reference");
        if (refs.size() < 2) {
            throw new RowFields.BadRow("solution_reference must list the correct solution and the incorrect ones");
        }
        List<Candidate> cands = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            cands.add(new Candidate("s" + i, null, i == 0 ? "chosen" : "rejected", null, null, refs.get(i)));
            if (i > 0) {
                rejected.add("s" + i);
            }
        }
        return new EvalItem(id, name(), null, null, null, RowFields.prompt(RowFields.any(n, "problem"), "problem"), null, null,
                cands, new Gold.OneVsMany(List.of("s0"), rejected), "all_beat_all_mrr", null, null, row.origin());
    }

    /** Direct (one row per solution) or pairwise (one row per pair) rows grouped by problem. */
    private List<EvalItem> grouped(List<InputFiles.Row> rows, EvalContext ctx, boolean pairwise) {
        Map<String, List<InputFiles.Row>> byProblem = new LinkedHashMap<>();
        for (InputFiles.Row row : rows) {
            String pid = RowFields.text(row.node(), "problem_id");
            if (pid == null) {
                ctx.skip(row, idOf(row.node()), "missing field 'problem_id'");
                continue;
            }
            byProblem.computeIfAbsent(pid, k -> new ArrayList<>()).add(row);
        }
        List<EvalItem> out = new ArrayList<>();
        for (Map.Entry<String, List<InputFiles.Row>> e : byProblem.entrySet()) {
            List<InputFiles.Row> group = e.getValue();
            InputFiles.Row head = group.get(0);
            try {
                out.add(pairwise ? pairwiseProblem(e.getKey(), group) : directProblem(e.getKey(), group));
            } catch (RowFields.BadRow ex) {
                ctx.skip(e.getKey(), head.origin(), ex.getMessage());
            }
        }
        return out;
    }

    private EvalItem directProblem(String pid, List<InputFiles.Row> rows) {
        List<Candidate> chosen = new ArrayList<>();
        List<Candidate> rejected = new ArrayList<>();
        ObjectNode head = rows.get(0).node();
        for (InputFiles.Row r : rows) {
            ObjectNode n = r.node();
            List<String> steps = RowFields.requiredStrings(n, "eval_solution");
            String type = RowFields.requiredText(n, "solution_type");
            Candidate c = new Candidate("tmp", String.join("\n", steps), type, null, steps, RowFields.text(n, "solution_reference"));
            if (type.equals("chosen")) {
                chosen.add(c);
            } else if (type.equals("rejected")) {
                rejected.add(c);
            } else {
                throw new RowFields.BadRow("solution_type must be chosen or rejected, was '" + type + "' (" + r.origin() + ")");
            }
        }
        if (chosen.size() != 1) {
            throw new RowFields.BadRow("problem " + pid + " has " + chosen.size() + " chosen solutions; RewardMATH has exactly one");
        }
        if (rejected.isEmpty()) {
            throw new RowFields.BadRow("problem " + pid + " has no rejected solution");
        }
        return problemItem(pid, head, chosen.get(0), rejected, rows.get(0).origin());
    }

    private EvalItem pairwiseProblem(String pid, List<InputFiles.Row> rows) {
        Candidate chosen = null;
        List<Candidate> rejected = new ArrayList<>();
        for (InputFiles.Row r : rows) {
            ObjectNode n = r.node();
            List<String> a = RowFields.requiredStrings(n, "eval_solution_A");
            List<String> b = RowFields.requiredStrings(n, "eval_solution_B");
            String pos = RowFields.requiredText(n, "chosen_position");
            if (!pos.equals("A") && !pos.equals("B")) {
                throw new RowFields.BadRow("chosen_position must be A or B, was '" + pos + "' (" + r.origin() + ")");
            }
            List<String> c = pos.equals("A") ? a : b;
            List<String> w = pos.equals("A") ? b : a;
            if (chosen == null) {
                chosen = new Candidate("tmp", String.join("\n", c), "chosen", null, c, "human_to_GPT-4");
            } else if (!chosen.steps().equals(c)) {
                throw new RowFields.BadRow("the pairs of problem " + pid + " disagree on the correct solution (" + r.origin() + ")");
            }
            rejected.add(new Candidate("tmp", String.join("\n", w), "rejected", null, w, RowFields.text(n, "solution_reference")));
        }
        return problemItem(pid, rows.get(0).node(), chosen, rejected, rows.get(0).origin());
    }

    private EvalItem problemItem(String pid, ObjectNode head, Candidate chosen, List<Candidate> rejected, String origin) {
        List<Candidate> cands = new ArrayList<>();
        cands.add(new Candidate("s0", chosen.text(), "chosen", null, chosen.steps(), chosen.sourceModel()));
        List<String> rej = new ArrayList<>();
        for (int i = 0; i < rejected.size(); i++) {
            Candidate r = rejected.get(i);
            cands.add(new Candidate("s" + (i + 1), r.text(), "rejected", null, r.steps(), r.sourceModel()));
            rej.add("s" + (i + 1));
        }
        ObjectNode meta = InputFiles.JSON.createObjectNode();
        for (String k : new String[] {"subject", "level"}) {
            if (head.hasNonNull(k)) {
                meta.set(k, head.get(k));
            }
        }
        JsonNode answer = head.get("answer");
        String subject = RowFields.text(head, "subject");
        String level = RowFields.text(head, "level");
        return new EvalItem(pid, name(), level == null ? null : "Level " + level, subject, null,
                new Prompt.Text(RowFields.requiredText(head, "problem")), answer, null, cands,
                new Gold.OneVsMany(List.of("s0"), rej), "all_beat_all_mrr", null, meta, origin);
    }

    @Override
    public Optional<OfficialScores> readOfficialScores(InputFiles.Input scores, List<EvalItem> items, EvalContext ctx) {
        if (scores.isSingleObject() || scores.rows().isEmpty()) {
            return Optional.empty();
        }
        ObjectNode first = scores.rows().stream().filter(r -> r.node() != null).map(InputFiles.Row::node).findFirst().orElse(null);
        if (first == null || !first.has("file_key") || !first.has("problem_idx")) {
            return Optional.empty();
        }
        Set<String> runs = new LinkedHashSet<>();
        scores.rows().stream().filter(r -> r.node() != null && r.node().has("file_key")).forEach(r -> runs.add(r.node().get("file_key").asText()));
        String run = ctx.option("run");
        if (run == null && runs.size() > 1) {
            throw new EvalException(EvalException.Kind.USAGE, scores.path() + " holds the results of " + runs.size()
                    + " models; pick one with the option run=FILE_KEY (" + String.join(", ", runs) + ")");
        }
        if (run == null) {
            run = runs.iterator().next();
        }
        if (!runs.contains(run)) {
            throw new EvalException(EvalException.Kind.USAGE, scores.path() + " has no file_key '" + run + "' (" + String.join(", ", runs) + ")");
        }
        Map<String, EvalItem> byProblem = new HashMap<>();
        items.forEach(it -> byProblem.put(it.id(), it));
        Map<String, Integer> seen = new HashMap<>();
        List<InputFiles.Row> selected = new ArrayList<>();
        for (InputFiles.Row r : scores.rows()) {
            if (r.node() == null) {
                ctx.skip(r, null, r.error());
            } else if (run.equals(r.node().path("file_key").asText())) {
                selected.add(r);
                seen.merge(r.node().path("problem_idx").asText(), 1, Integer::sum);
            }
        }
        List<String> repeated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        if (!repeated.isEmpty()) {
            ctx.note("run " + run + " scores problems " + String.join(", ", repeated) + " more than once; as the official "
                    + "script, every result row counts (ids <problem>#<row> for the repeats)");
        }
        List<EvalItem> out = new ArrayList<>();
        Map<String, ScoreRecord> byId = new LinkedHashMap<>();
        Set<String> firstSeen = new LinkedHashSet<>();
        for (InputFiles.Row r : selected) {
            ObjectNode n = r.node();
            String pid = n.path("problem_idx").asText();
            String id = firstSeen.add(pid) ? pid : pid + "#" + n.path("row").asText();
            String kind = n.path("kind").asText();
            Map<String, Double> s = new LinkedHashMap<>();
            Map<String, List<Double>> steps = new LinkedHashMap<>();
            List<Judgment> judgments = new ArrayList<>();
            int nCand;
            if (kind.equals("judge_pairwise")) {
                JsonNode choice = n.path("judge_choice");
                JsonNode pos = n.path("chosen_position");
                nCand = choice.size() + 1;
                for (int j = 0; j < choice.size(); j++) {
                    String cid = "s" + (j + 1);
                    String p = pos.path(j).asText();
                    List<String> order = p.equals("A") ? List.of("s0", cid) : List.of(cid, "s0");
                    JsonNode c = choice.get(j);
                    judgments.add(new Judgment(order, null, c == null || c.isNull() ? null : c.asText(), j));
                }
            } else {
                JsonNode sc = n.path("score");
                nCand = sc.size();
                for (int j = 0; j < sc.size(); j++) {
                    JsonNode v = sc.get(j);
                    if (v.isArray()) {
                        List<Double> st = new ArrayList<>();
                        v.forEach(x -> st.add(x.isNumber() ? x.doubleValue() : Double.NaN));
                        steps.put("s" + j, st);
                    } else {
                        s.put("s" + j, v.isNumber() ? v.doubleValue() : v.isNull() ? null : Double.NaN);
                    }
                }
            }
            EvalItem base = byProblem.get(pid);
            EvalItem item;
            if (base != null) {
                item = new EvalItem(id, base.benchmark(), base.subset(), base.section(), base.lang(), base.prompt(), base.reference(),
                        base.images(), base.candidates(), base.gold(), base.rule(), base.group(), base.meta(), r.origin());
            } else {
                List<Candidate> cands = new ArrayList<>();
                List<String> rej = new ArrayList<>();
                for (int j = 0; j < nCand; j++) {
                    cands.add(Candidate.of("s" + j, null, j == 0 ? "chosen" : "rejected"));
                    if (j > 0) {
                        rej.add("s" + j);
                    }
                }
                item = new EvalItem(id, name(), null, null, null, null, null, null, cands,
                        new Gold.OneVsMany(List.of("s0"), rej), "all_beat_all_mrr", null, null, r.origin());
            }
            out.add(item);
            byId.put(id, new ScoreRecord(id, s, steps, judgments, null, r.origin()));
        }
        if (!items.isEmpty()) {
            long unused = items.stream().filter(it -> !seen.containsKey(it.id())).count();
            if (unused > 0) {
                ctx.note(unused + " problems of the data file have no result row in run " + run + " and are not counted");
            }
        }
        ctx.note("official RewardMATH results, run " + run + " (" + first.path("kind").asText() + ")");
        return Optional.of(OfficialScores.perItem(out, new ScoreTable(byId, Map.of(), List.of(), scores.path().getFileName() + " run " + run),
                "RewardMATH official results, run " + run));
    }

    /** acc, acc_ties, reciprocal rank from the chosen and rejected scores. */
    static double[] metrics(double[] chosen, double[] rejected) {
        double minC = Stats.min(chosen);
        double maxC = Stats.max(chosen);
        double maxR = Stats.max(rejected);
        int rank = 1;
        for (double r : rejected) {
            if (r >= maxC) {
                rank++;
            }
        }
        return new double[] {minC > maxR ? 1 : 0, minC >= maxR ? 1 : 0, 1.0 / rank};
    }

    @Override
    public boolean needsStepScores(EvalContext ctx) {
        return "prefix".equals(ctx.option("step_scores"));
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        PrmAggregation headAgg = PrmAggregation.of(ctx.option("prm_aggregation"));
        Map<PrmAggregation, List<double[]>> perAgg = new LinkedHashMap<>();
        List<double[]> main = new ArrayList<>();
        Tally bySubject = new Tally();
        Tally byLevel = new Tally();
        boolean[] probabilities = {true};
        Set<String> modes = new LinkedHashSet<>();
        List<ItemResult> results = each(items, ctx, item -> {
            if (!(item.gold() instanceof Gold.OneVsMany g)) {
                throw new ItemSkipped("gold type '" + item.gold().type() + "' does not fit RewardMATH (needs one_vs_many)");
            }
            ScoreRecord rec = ItemScores.record(item, scores);
            List<String> all = g.cids();
            double[] c;
            double[] r;
            Map<String, Double> shown = new LinkedHashMap<>();
            boolean hasSteps = all.stream().anyMatch(cid -> rec.stepScores().containsKey(cid)
                    || rec.stepScores().containsKey("#" + item.candidates().indexOf(item.candidate(cid).orElse(null))));
            boolean hasScores = all.stream().anyMatch(cid -> ItemScores.has(item, rec, cid));
            if (hasSteps && (!hasScores || needsStepScores(ctx))) {
                modes.add("prm");
                Map<String, List<Double>> steps = new LinkedHashMap<>();
                for (String cid : all) {
                    List<Double> st = ItemScores.steps(item, rec, cid);
                    steps.put(cid, st);
                    if (st.stream().anyMatch(v -> v < 0 || v > 1)) {
                        probabilities[0] = false;
                    }
                }
                double[] head = null;
                for (PrmAggregation a : PrmAggregation.values()) {
                    double[] cs = g.chosen().stream().mapToDouble(cid -> a.apply(steps.get(cid))).toArray();
                    double[] rs = g.rejected().stream().mapToDouble(cid -> a.apply(steps.get(cid))).toArray();
                    double[] m = metrics(cs, rs);
                    perAgg.computeIfAbsent(a, k -> new ArrayList<>()).add(m);
                    if (a == headAgg) {
                        head = m;
                        for (int i = 0; i < cs.length; i++) {
                            shown.put(g.chosen().get(i), cs[i]);
                        }
                        for (int i = 0; i < rs.length; i++) {
                            shown.put(g.rejected().get(i), rs[i]);
                        }
                    }
                }
                    main.add(head);
                return result(item, head, shown, bySubject, byLevel);
            } else if (!hasScores && !rec.judgments().isEmpty()) {
                modes.add("pairwise judge");
                Map<String, Boolean> won = new HashMap<>();
                for (Judgment j : rec.judgments()) {
                    String other = j.order().stream().filter(x -> !g.chosen().contains(x)).findFirst().orElse(null);
                    if (other == null || !g.rejected().contains(other)) {
                        throw new ItemSkipped("a judgment compares " + j.order() + ", not the correct solution with an incorrect one");
                    }
                    String w = Verdicts.winner(j, null);
                    won.put(other, w != null && g.chosen().contains(w));
                }
                for (String rid : g.rejected()) {
                    if (!won.containsKey(rid)) {
                        throw new ItemSkipped("no judgment of the correct solution against '" + rid + "'");
                    }
                }
                int k = (int) won.values().stream().filter(b -> b).count();
                c = new double[] {k + 1};
                r = g.rejected().stream().mapToDouble(rid -> won.get(rid) ? 1 : 11).toArray();
            } else {
                modes.add("scores");
                c = ItemScores.scores(item, rec, g.chosen());
                r = ItemScores.scores(item, rec, g.rejected());
            }
            for (int i = 0; i < c.length && i < g.chosen().size(); i++) {
                shown.put(g.chosen().get(i), c[i]);
            }
            for (int i = 0; i < r.length; i++) {
                shown.put(g.rejected().get(i), r[i]);
            }
            double[] m = metrics(c, r);
            main.add(m);
            return result(item, m, shown, bySubject, byLevel);
        });
        double acc = main.stream().mapToDouble(m -> m[0]).average().orElse(Double.NaN);
        double accTies = main.stream().mapToDouble(m -> m[1]).average().orElse(Double.NaN);
        double mrr = main.stream().mapToDouble(m -> m[2]).average().orElse(Double.NaN);
        List<Metric> variants = new ArrayList<>();
        variants.add(Metric.pct("mrr", "MRR", Stats.pct(mrr), main.size(), "mean of 1/rank of the correct solution among all, ties ranked against it"));
        variants.add(Metric.pct("accuracy_with_ties", "Accuracy, ties count as correct", Stats.pct(accTies), main.size(),
                "mean of 1[min(correct) ≥ max(incorrect)]"));
        if (!perAgg.isEmpty()) {
            if (!probabilities[0]) {
                ctx.note("some PRM step scores lie outside [0, 1]; geomean, mean_logit and mean_odds assume probabilities and are not reported");
            }
            for (Map.Entry<PrmAggregation, List<double[]>> e : perAgg.entrySet()) {
                if (e.getKey().needsProbabilities() && !probabilities[0]) {
                    continue;
                }
                String k = e.getKey().key();
                List<double[]> ms = e.getValue();
                variants.add(Metric.pct("accuracy_" + k, "Accuracy, PRM " + k, Stats.pct(ms.stream().mapToDouble(m -> m[0]).average().orElse(Double.NaN)), ms.size(), "step scores reduced by " + k));
                variants.add(Metric.pct("accuracy_with_ties_" + k, "Accuracy with ties, PRM " + k, Stats.pct(ms.stream().mapToDouble(m -> m[1]).average().orElse(Double.NaN)), ms.size(), "step scores reduced by " + k));
                variants.add(Metric.pct("mrr_" + k, "MRR, PRM " + k, Stats.pct(ms.stream().mapToDouble(m -> m[2]).average().orElse(Double.NaN)), ms.size(), "step scores reduced by " + k));
            }
        }
        List<MetricGroup> sections = groups("subject", bySubject);
        List<MetricGroup> subsets = groups("level", byLevel);
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "all_beat_all_mrr");
        agg.put("accuracy", "1[min(correct) > max(incorrect)]");
        agg.put("rank_ties", "against the correct solution");
        agg.put("prm_aggregation", headAgg.key());
        agg.put("pairwise_judge", "correct = wins + 1; incorrect = 1 if it lost else 11");
        agg.put("modes", String.join(", ", modes));
        return new Evaluation(Metric.pct("accuracy", "RewardMATH accuracy", Stats.pct(acc), main.size(),
                "mean of 1[the correct solution scores above all incorrect ones]" + (perAgg.isEmpty() ? "" : "; PRM steps reduced by " + headAgg.key())),
                variants, sections, subsets, results, agg, "problems");
    }

    private static ItemResult result(EvalItem item, double[] m, Map<String, Double> shown, Tally bySubject, Tally byLevel) {
        if (item.section() != null) {
            bySubject.add(item.section(), m[0]);
        }
        if (item.subset() != null) {
            byLevel.add(item.subset(), m[0]);
        }
        Map<String, Double> outcome = new LinkedHashMap<>();
        outcome.put("correct", m[0]);
        outcome.put("correct_with_ties", m[1]);
        outcome.put("reciprocal_rank", m[2]);
        return new ItemResult(item.id(), item.subset(), item.section(), outcome, candidateResults(item, shown));
    }

    private static List<MetricGroup> groups(String kind, Tally t) {
        List<MetricGroup> out = new ArrayList<>();
        for (String k : t.keys()) {
            out.add(new MetricGroup(kind, k, k, t.count(k), Map.of("accuracy", 100 * t.mean(k)), "accuracy"));
        }
        return out;
    }
}
