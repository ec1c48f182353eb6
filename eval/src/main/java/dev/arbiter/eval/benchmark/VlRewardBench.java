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
 * VL-RewardBench, vl-rewardbench/VL_RewardBench ({@code cal.py}): each item's verdict is the status (agree, reject,
 * doesntMatch) held by more than half of its judge samples, else "other"; group accuracy = agree / (agree + reject),
 * so unparsed and split items leave the denominator as in the official script; Overall pools the groups, Macro
 * averages them. The strict variant counts those items as wrong, and the parse-failure rate is reported.
 * Scalar rewards pick the higher-scored answer; equal scores are an unparsed verdict.
 */
public final class VlRewardBench extends AbstractBenchmark {
    static final List<String> GROUPS = List.of("general", "hallucination", "reasoning");
    private static final Pattern VERDICT = Pattern.compile("Answer\\s*\\(?([12])\\)?\\s*is\\s*(?:the\\s*)?better", Pattern.CASE_INSENSITIVE);

    @Override public String name() { return "vl-rewardbench"; }
    @Override public List<String> aliases() { return List.of("vlrewardbench", "vl_rewardbench"); }
    @Override public String title() { return "VL-RewardBench"; }
    @Override public String description() {
        return "image + question + 2 answers; majority of k verdicts; accuracy per group, pooled and macro";
    }
    @Override public List<BenchmarkOption> options() { return List.of(); }

    /** The group of an item id, per {@code reference/vl_rewardbench_groups.csv}. */
    public static String groupOf(String id) {
        String s = id.toLowerCase(Locale.ROOT);
        if (s.startsWith("rlaif") || s.startsWith("rlhf") || s.startsWith("hallucination")) {
            return "hallucination";
        }
        if (s.startsWith("mathverse") || s.startsWith("mmmu")) {
            return "reasoning";
        }
        return "general";
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        ObjectNode n = row.node();
        String id = RowFields.requiredText(n, "id");
        List<String> responses = RowFields.requiredStrings(n, "response");
        JsonNode rankNode = RowFields.required(n, "human_ranking");
        List<Integer> ranking = RowFields.ints(rankNode, "human_ranking");
        if (responses.size() != 2 || ranking.size() != 2) {
            throw new RowFields.BadRow("candidates of unequal counts: " + responses.size() + " responses and "
                    + ranking.size() + " human_ranking entries (expected 2 and 2)");
        }
        if (ranking.get(0).equals(ranking.get(1))) {
            throw new RowFields.BadRow("human_ranking " + ranking + " prefers neither answer");
        }
        int better = ranking.get(0) < ranking.get(1) ? 0 : 1;
        List<Candidate> cands = List.of(
                Candidate.of("a1", responses.get(0), better == 0 ? "chosen" : "rejected"),
                Candidate.of("a2", responses.get(1), better == 1 ? "chosen" : "rejected"));
        List<String> images = new ArrayList<>();
        JsonNode img = n.get("image");
        if (img != null && !img.isNull()) {
            if (img.isTextual()) {
                images.add(img.asText());
            } else if (img.isObject() && img.hasNonNull("path")) {
                images.add(img.get("path").asText());
            } else {
                images.add(InputFiles.BINARY_PLACEHOLDER);
            }
        }
        ObjectNode meta = InputFiles.JSON.createObjectNode();
        for (String k : new String[] {"query_source", "models", "judge"}) {
            if (n.hasNonNull(k)) {
                meta.set(k, n.get(k));
            }
        }
        Prompt prompt = RowFields.prompt(RowFields.required(n, "query", "question", "prompt"), "query");
        return new EvalItem(id, name(), RowFields.text(n, "query_source"), groupOf(id), null, prompt, null, images, cands,
                new Gold.Pair(better == 0 ? "a1" : "a2", better == 0 ? "a2" : "a1"), "majority_of_k", null, meta, row.origin());
    }

    /** The official prompt's verdict "Answer X is better" (last occurrence), as a position letter. */
    static String parseRaw(String raw) {
        Matcher m = VERDICT.matcher(raw);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last == null ? null : last.equals("1") ? "A" : "B";
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        Map<String, int[]> counts = new LinkedHashMap<>(); // agree, reject, doesntMatch, other
        GROUPS.forEach(g -> counts.put(g, new int[4]));
        List<ItemResult> results = each(items, ctx, item -> {
            Gold.Pair g = PairRule.gold(item);
            ScoreRecord rec = ItemScores.record(item, scores);
            String group = item.section() != null ? item.section() : groupOf(item.id());
            List<String> statuses = new ArrayList<>();
            Map<String, Double> shown = new LinkedHashMap<>();
            boolean anyScore = ItemScores.has(item, rec, g.chosen()) || ItemScores.has(item, rec, g.rejected());
            if (anyScore || rec.judgments().isEmpty()) {
                double c = ItemScores.score(item, rec, g.chosen());
                double r = ItemScores.score(item, rec, g.rejected());
                shown.put(g.chosen(), c);
                shown.put(g.rejected(), r);
                statuses.add(c > r ? "agree" : c < r ? "reject" : "doesntMatch");
            } else {
                for (Judgment j : rec.judgments()) {
                    String w = Verdicts.winner(j, VlRewardBench::parseRaw);
                    statuses.add(g.chosen().equals(w) ? "agree" : g.rejected().equals(w) ? "reject" : "doesntMatch");
                }
            }
            String verdict = "other";
            for (String s : List.of("agree", "reject", "doesntMatch")) {
                long k = statuses.stream().filter(s::equals).count();
                if (k * 2 > statuses.size()) {
                    verdict = s;
                }
            }
            int[] c = counts.computeIfAbsent(group, x -> new int[4]);
            switch (verdict) {
                case "agree" -> c[0]++;
                case "reject" -> c[1]++;
                case "doesntMatch" -> c[2]++;
                default -> c[3]++;
            }
            Map<String, Double> outcome = new LinkedHashMap<>();
            outcome.put("agree", verdict.equals("agree") ? 1.0 : 0.0);
            outcome.put("counted", verdict.equals("agree") || verdict.equals("reject") ? 1.0 : 0.0);
            outcome.put("samples", (double) statuses.size());
            return new ItemResult(item.id(), item.subset(), group, outcome, candidateResults(item, shown));
        });
        int agree = 0;
        int decided = 0;
        int all = 0;
        List<Double> macro = new ArrayList<>();
        List<MetricGroup> groups = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            int n = c[0] + c[1] + c[2] + c[3];
            if (n == 0) {
                continue;
            }
            double acc = c[0] + c[1] == 0 ? Double.NaN : (double) c[0] / (c[0] + c[1]);
            agree += c[0];
            decided += c[0] + c[1];
            all += n;
            if (!Double.isNaN(acc)) {
                macro.add(acc);
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("accuracy", Stats.pct(acc));
            m.put("accuracy_strict", 100.0 * c[0] / n);
            m.put("parse_failure_rate", 100.0 * (c[2] + c[3]) / n);
            groups.add(new MetricGroup("group", e.getKey(), e.getKey(), n, m, "accuracy"));
        }
        long present = groups.size();
        if (present > 0 && present < GROUPS.size()) {
            ctx.note("only " + present + " of the 3 groups have items; Macro averages those");
        }
        if (all > decided) {
            ctx.note((all - decided) + " of " + all + " items have no majority verdict (unparsed or split); as in the official "
                    + "script they leave the accuracy denominator; accuracy_strict counts them wrong");
        }
        List<Metric> variants = new ArrayList<>();
        variants.add(Metric.pct("macro", "Macro average", Stats.pct(Stats.mean(macro)), macro.size(), "mean of the group accuracies"));
        variants.add(Metric.pct("overall_strict", "Overall, unparsed counted wrong", all == 0 ? null : 100.0 * agree / all, all,
                "agree / all items (not an official number: the official denominator rewards abstaining)"));
        variants.add(Metric.pct("parse_failure_rate", "Parse failures", all == 0 ? null : 100.0 * (all - decided) / all, all,
                "items whose majority verdict is unparsed or split"));
        for (MetricGroup g : groups) {
            variants.add(Metric.pct(g.name(), g.name(), g.value(), g.n(), "agree / (agree + reject) in the group"));
        }
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "majority_of_k");
        agg.put("groups", "id prefix: RLAIF/RLHF/hallucination → hallucination; mathverse/mmmu → reasoning; else general");
        agg.put("accuracy", "agree / (agree + reject)");
        agg.put("headline", "pooled over groups");
        agg.put("scalar_ties", "doesntMatch");
        return new Evaluation(Metric.pct("overall", "VL-RewardBench overall accuracy", decided == 0 ? null : 100.0 * agree / decided, decided,
                "Σ agree / Σ (agree + reject) over all groups"), variants, groups, List.of(), results, agg, "items");
    }
}
