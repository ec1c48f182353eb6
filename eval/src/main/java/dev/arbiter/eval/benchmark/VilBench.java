package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.Candidate;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.Gold;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.data.RowFields;
import dev.arbiter.eval.data.ScoreRecord;
import dev.arbiter.eval.data.ScoreTable;
import dev.arbiter.eval.report.ItemResult;
import dev.arbiter.eval.report.Metric;
import dev.arbiter.eval.report.MetricGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ViLBench (UCSC-VLAA): best-of-N selection; the reward picks its top-scored candidate and the item counts when that
 * candidate's final answer is right. A tie at the top splits the credit (the fraction of tied candidates that are
 * right): the paper gives no tie rule, so this one is stated. Neither ViLBench data nor code was available here; the
 * loader takes the normalized format or rows {@code {id, question, responses: [...], correct: [bool or index...]}}.
 */
public final class VilBench extends AbstractBenchmark {

    @Override public String name() { return "vilbench"; }
    @Override public List<String> aliases() { return List.of("vil-bench", "vil_bench"); }
    @Override public String title() { return "ViLBench"; }
    @Override public String description() { return "best-of-N: accuracy of the top-scored candidate"; }
    @Override public List<BenchmarkOption> options() { return List.of(); }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        ObjectNode n = row.node();
        String id = RowFields.requiredText(n, "id");
        List<String> responses = RowFields.requiredStrings(n, n.has("responses") ? "responses" : "candidates");
        JsonNode correct = RowFields.required(n, "correct");
        if (!correct.isArray()) {
            throw new RowFields.BadRow("field 'correct' must be a list of booleans (one per response) or of indices");
        }
        List<String> good = new ArrayList<>();
        boolean booleans = correct.size() > 0 && correct.get(0).isBoolean();
        if (booleans && correct.size() != responses.size()) {
            throw new RowFields.BadRow("candidates of unequal counts: " + responses.size() + " responses but "
                    + correct.size() + " entries in 'correct'");
        }
        for (int i = 0; i < correct.size(); i++) {
            JsonNode c = correct.get(i);
            if (booleans && c.asBoolean()) {
                good.add("c" + i);
            } else if (!booleans) {
                int idx = c.asInt(-1);
                if (idx < 0 || idx >= responses.size()) {
                    throw new RowFields.BadRow("correct[" + i + "] = " + c + " is not a response index");
                }
                good.add("c" + idx);
            }
        }
        List<Candidate> cands = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            cands.add(Candidate.of("c" + i, responses.get(i), good.contains("c" + i) ? "correct" : "incorrect"));
        }
        return new EvalItem(id, name(), RowFields.text(n, "subset", "source"), null, null,
                RowFields.prompt(RowFields.required(n, "question", "prompt"), "question"), RowFields.any(n, "answer"),
                RowFields.any(n, "image") == null ? null : RowFields.strings(n.get("image"), "image"), cands,
                new Gold.BestOfN(good), "bon_accuracy", null, null, row.origin());
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        Tally bySubset = new Tally();
        List<Double> all = new ArrayList<>();
        List<ItemResult> results = each(items, ctx, item -> {
            if (!(item.gold() instanceof Gold.BestOfN g)) {
                throw new ItemSkipped("gold type '" + item.gold().type() + "' does not fit ViLBench (needs best_of_n)");
            }
            ScoreRecord rec = ItemScores.record(item, scores);
            List<String> cids = item.candidates().stream().map(Candidate::cid).toList();
            double[] s = ItemScores.scores(item, rec, cids);
            double max = Stats.max(s);
            int top = 0;
            int right = 0;
            Map<String, Double> shown = new LinkedHashMap<>();
            for (int i = 0; i < s.length; i++) {
                shown.put(cids.get(i), s[i]);
                if (s[i] == max) {
                    top++;
                    right += g.correct().contains(cids.get(i)) ? 1 : 0;
                }
            }
            double credit = (double) right / top;
            all.add(credit);
            bySubset.add(item.subset() == null ? "(all)" : item.subset(), credit);
            return new ItemResult(item.id(), item.subset(), null, Map.of("credit", credit), candidateResults(item, shown));
        });
        List<MetricGroup> subsets = new ArrayList<>();
        for (String k : bySubset.keys()) {
            subsets.add(new MetricGroup("subset", k, k, bySubset.count(k), Map.of("accuracy", 100 * bySubset.mean(k)), "accuracy"));
        }
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "bon_accuracy");
        agg.put("ties", "credit split over the tied top candidates");
        return new Evaluation(Metric.pct("accuracy", "ViLBench best-of-N accuracy", Stats.pct(Stats.mean(all)), all.size(),
                "mean over items of 1[the top-scored candidate is correct] (ties split)"), List.of(), List.of(), subsets,
                results, agg, "items");
    }
}
