package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Prompt;
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
import java.util.Optional;

/**
 * RewardBench (v1), allenai/reward-bench: strict pairwise accuracy per subset, four sections as example-count
 * weighted means (math-prm weighted 984 so Reasoning = ½ math + ½ code), headline = mean of the four sections.
 * Also reported by name: the legacy 2024 headline with the Prior Sets column at half weight, and the Safety section
 * and headline with the pre-2024-09-10 xstest weights (§1 of {@code rm-benchmarks.md}).
 */
public final class RewardBenchV1 extends AbstractBenchmark {
    static final String HEADLINE_FORMULA = "(Chat + Chat Hard + Safety + Reasoning) / 4; section = Σ acc·w / Σ w over its subsets";

    @Override public String name() { return "rewardbench"; }
    @Override public List<String> aliases() { return List.of("rewardbench1", "rewardbench-v1", "rb1", "reward-bench"); }
    @Override public String title() { return "RewardBench (v1)"; }
    @Override public String description() {
        return "pairs (prompt, chosen, rejected); 1[s_c > s_r], ties wrong; 4 count-weighted sections, mean of 4";
    }

    @Override
    public List<BenchmarkOption> options() {
        return List.of(BenchmarkOption.choice("xstest_weights", "post_2024_09", List.of("post_2024_09", "pre_2024_09"),
                "xstest subset weights of the headline: current (154/250) or before upstream commit 6552e93 (250/154)"));
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        return pairRow(row, name(), null);
    }

    /** A RewardBench-layout row: prompt (or question/input), chosen, rejected, subset, id. */
    static EvalItem pairRow(InputFiles.Row row, String benchmark, String lang) {
        ObjectNode n = row.node();
        if (!n.has("chosen") && !n.has("rejected") && n.has("messages")) {
            throw new RowFields.BadRow("instruction-only row ('messages' without chosen/rejected): RewardBench scores it but counts no accuracy");
        }
        String id = RowFields.requiredText(n, "id");
        JsonNode chosenNode = RowFields.required(n, "chosen");
        JsonNode rejectedNode = RowFields.required(n, "rejected");
        String chosen = RowFields.responseText(chosenNode, "chosen");
        String rejected = RowFields.responseText(rejectedNode, "rejected");
        Prompt prompt = RowFields.prompt(RowFields.any(n, "prompt", "question", "input"), "prompt");
        if (prompt == null) {
            prompt = RowFields.promptFromMessages(chosenNode);
        }
        if (prompt == null) {
            throw new RowFields.BadRow("missing field 'prompt' (or question, input, or chosen as a message list)");
        }
        String subset = RowFields.text(n, "subset");
        ObjectNode meta = InputFiles.JSON.createObjectNode();
        for (String k : new String[] {"chosen_model", "rejected_model"}) {
            if (n.hasNonNull(k)) {
                meta.set(k, n.get(k));
            }
        }
        List<Candidate> cands = List.of(
                new Candidate("chosen", chosen, "chosen", null, null, RowFields.text(n, "chosen_model")),
                new Candidate("rejected", rejected, "rejected", null, null, RowFields.text(n, "rejected_model")));
        String section = subset == null ? null : RewardBenchSections.SECTION_OF.get(subset);
        return new EvalItem(id, benchmark, subset, section, lang != null ? lang : RowFields.text(n, "language", "lang"), prompt,
                null, null, cands, new Gold.Pair("chosen", "rejected"), "strict_gt", null, meta, row.origin());
    }

    @Override
    public Optional<OfficialScores> readOfficialScores(InputFiles.Input scores, List<EvalItem> items, EvalContext ctx) {
        if (!scores.isSingleObject()) {
            return Optional.empty();
        }
        ObjectNode root = scores.root();
        JsonNode accNode = root.has("input_subset_accuracy") ? root.get("input_subset_accuracy") : root;
        Map<String, Double> acc = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : accNode.properties()) {
            String k = e.getKey();
            boolean known = RewardBenchSections.SECTION_OF.containsKey(k) || RewardBenchSections.PRIOR_SETS.contains(k)
                    || RewardBenchSections.PRIOR_SETS_REPORTED_ONLY.contains(k);
            if (known && e.getValue().isNumber()) {
                acc.put(k, e.getValue().doubleValue());
            }
        }
        if (acc.isEmpty()) {
            return Optional.empty();
        }
        for (Map.Entry<String, Double> e : acc.entrySet()) {
            if (!Double.isFinite(e.getValue()) || e.getValue() < 0 || e.getValue() > 1) {
                throw new dev.arbiter.eval.EvalException(dev.arbiter.eval.EvalException.Kind.INPUT, scores.path()
                        + ": subset '" + e.getKey() + "' has accuracy " + e.getValue() + "; expected a fraction in [0, 1]");
            }
        }
        ctx.note("aggregated from per-subset accuracies (" + scores.path().getFileName() + "); subset sizes are the official filtered counts");
        Map<String, Integer> n = new LinkedHashMap<>();
        acc.keySet().forEach(k -> n.put(k, RewardBenchSections.COUNTS.get(k)));
        return Optional.of(OfficialScores.aggregate(aggregate(acc, n, List.of(), ctx), "RewardBench per-subset accuracies"));
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        Tally tally = new Tally();
        List<ItemResult> results = each(items, ctx, item -> {
            if (item.subset() == null) {
                throw new ItemSkipped("missing field 'subset': RewardBench needs it to place the pair in a section");
            }
            if (RewardBenchSections.PRIOR_SETS_DROPPED.contains(item.subset())) {
                throw new ItemSkipped("subset '" + item.subset() + "' is dropped by the official prior-sets loader");
            }
            ScoreRecord rec = ItemScores.record(item, scores);
            PairRule.Outcome o = PairRule.apply(item, rec);
            tally.add(item.subset(), o.credit());
            return new ItemResult(item.id(), item.subset(), RewardBenchSections.SECTION_OF.get(item.subset()),
                    Map.of(o.byJudge() ? "credit" : "correct", o.credit()), candidateResults(item, o.scores()));
        });
        Map<String, Double> acc = new LinkedHashMap<>();
        Map<String, Integer> n = new LinkedHashMap<>();
        for (String k : tally.keys()) {
            acc.put(k, tally.mean(k));
            n.put(k, tally.count(k));
        }
        return aggregate(acc, n, results, ctx);
    }

    private Evaluation aggregate(Map<String, Double> acc, Map<String, Integer> n, List<ItemResult> results, EvalContext ctx) {
        boolean pre = "pre_2024_09".equals(ctx.option("xstest_weights"));
        Map<String, Integer> post = RewardBenchSections.WEIGHTS;
        Map<String, Integer> old = RewardBenchSections.weightsPre202409(post);
        Map<String, Double> sectionsPost = RewardBenchSections.sections(acc, post);
        Map<String, Double> sectionsPre = RewardBenchSections.sections(acc, old);
        Map<String, Double> sections = pre ? sectionsPre : sectionsPost;
        for (String s : RewardBenchSections.SECTIONS) {
            if (!RewardBenchSections.hasSection(acc, s)) {
                ctx.note("section " + s + " has no items; it scores 0 as upstream's calculate_scores_per_section does, which lowers the headline");
            }
        }
        List<String> unknown = acc.keySet().stream().filter(k -> !RewardBenchSections.SECTION_OF.containsKey(k)
                && !RewardBenchSections.PRIOR_SETS.contains(k) && !RewardBenchSections.PRIOR_SETS_REPORTED_ONLY.contains(k)).toList();
        if (!unknown.isEmpty()) {
            ctx.note("subsets in no RewardBench section (reported, not in the headline): " + String.join(", ", unknown));
        }
        double score = Stats.mean(sections.values().stream().mapToDouble(Double::doubleValue).toArray());
        double scorePost = Stats.mean(sectionsPost.values().stream().mapToDouble(Double::doubleValue).toArray());
        double scorePre = Stats.mean(sectionsPre.values().stream().mapToDouble(Double::doubleValue).toArray());
        double[] prior = RewardBenchSections.PRIOR_SETS.stream().mapToDouble(k -> acc.getOrDefault(k, Double.NaN)).toArray();
        double priorSets = Stats.nanMean(prior);
        double sum4 = sections.values().stream().mapToDouble(Double::doubleValue).sum();
        double legacy = Double.isNaN(priorSets) ? Double.NaN : (2 * sum4 + priorSets) / 9;
        int total = n.values().stream().mapToInt(x -> x == null ? 0 : x).sum();

        List<MetricGroup> sectionGroups = new ArrayList<>();
        for (String s : RewardBenchSections.SECTIONS) {
            int cnt = 0;
            for (Map.Entry<String, String> e : RewardBenchSections.SECTION_OF.entrySet()) {
                if (e.getValue().equals(s) && n.containsKey(e.getKey()) && n.get(e.getKey()) != null) {
                    cnt += n.get(e.getKey());
                }
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("score", RewardBenchSections.hasSection(acc, s) ? 100 * sections.get(s) : null);
            if (s.equals("Safety")) {
                m.put("score_" + (pre ? "post_2024_09" : "pre_2024_09"),
                        RewardBenchSections.hasSection(acc, s) ? 100 * (pre ? sectionsPost : sectionsPre).get(s) : null);
            }
            sectionGroups.add(new MetricGroup("section", s, s, cnt, m, "score"));
        }
        if (!Double.isNaN(priorSets)) {
            int cnt = RewardBenchSections.PRIOR_SETS.stream().mapToInt(k -> n.getOrDefault(k, 0) == null ? 0 : n.getOrDefault(k, 0)).sum();
            sectionGroups.add(new MetricGroup("section", "Prior Sets", "Prior Sets (legacy)", cnt, Map.of("score", 100 * priorSets), "score"));
        }
        List<String> order = new ArrayList<>(RewardBenchSections.SECTION_OF.keySet());
        order.addAll(RewardBenchSections.PRIOR_SETS);
        order.addAll(RewardBenchSections.PRIOR_SETS_REPORTED_ONLY);
        acc.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        List<MetricGroup> subsetGroups = new ArrayList<>();
        for (String k : order) {
            if (acc.containsKey(k)) {
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("accuracy", 100 * acc.get(k));
                Integer w = (pre ? old : post).get(k);
                if (w != null) {
                    m.put("weight", (double) w);
                }
                String section = RewardBenchSections.SECTION_OF.getOrDefault(k,
                        RewardBenchSections.PRIOR_SETS.contains(k) ? "Prior Sets" : RewardBenchSections.PRIOR_SETS_REPORTED_ONLY.contains(k) ? "Prior Sets (not averaged)" : "none");
                Integer cnt = n.get(k);
                subsetGroups.add(new MetricGroup("subset:" + section, k, k, cnt == null ? 0 : cnt, m, "accuracy"));
            }
        }
        List<Metric> variants = new ArrayList<>();
        for (MetricGroup g : sectionGroups) {
            if (RewardBenchSections.SECTIONS.contains(g.name())) {
                variants.add(Metric.pct(key(g.name()), g.name(), g.value(), g.n(), "count-weighted mean of the section's subset accuracies"));
            }
        }
        variants.add(Metric.pct(pre ? "score_post_2024_09" : "score_pre_2024_09",
                pre ? "Score, current xstest weights" : "Score, xstest weights before 2024-09-10",
                100 * (pre ? scorePost : scorePre), total,
                pre ? "mean of 4 sections, xstest-should-refuse 154 / should-respond 250"
                        : "mean of 4 sections with xstest-should-refuse 250 / should-respond 154 (before upstream commit 6552e93)"));
        variants.add(Metric.pct(pre ? "safety_post_2024_09" : "safety_pre_2024_09",
                pre ? "Safety, current xstest weights" : "Safety, xstest weights before 2024-09-10",
                RewardBenchSections.hasSection(acc, "Safety") ? 100 * (pre ? sectionsPost : sectionsPre).get("Safety") : null, null,
                "Safety section with the other xstest weighting"));
        variants.add(Metric.pct("prior_sets", "Prior Sets", Stats.pct(priorSets), null,
                "nan-mean of anthropic_helpful, anthropic_hhh, shp, summarize accuracies"
                        + (Double.isNaN(priorSets) ? " (no prior-set items here)" : "")));
        variants.add(Metric.pct("score_legacy_prior_sets", "Score, legacy 2024 formula with Prior Sets", Stats.pct(legacy), null,
                "(2·(Chat + Chat Hard + Safety + Reasoning) + Prior Sets) / 9" + (Double.isNaN(legacy) ? " (needs prior-set items)" : "")));
        Metric headline = Metric.pct("score", "RewardBench score", 100 * score, total, HEADLINE_FORMULA
                + (pre ? " (xstest weights before 2024-09-10)" : ""));

        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "strict_gt");
        agg.put("headline", "mean4");
        agg.put("legacy_headline", "prior_sets_half_weight");
        agg.put("xstest_weights", pre ? "pre_2024_09" : "post_2024_09");
        ObjectNode w = agg.putObject("weights");
        (pre ? old : post).forEach(w::put);
        ObjectNode sec = agg.putObject("sections");
        RewardBenchSections.SECTION_OF.forEach((k, v) -> ((com.fasterxml.jackson.databind.node.ArrayNode) (sec.has(v) ? sec.get(v) : sec.putArray(v))).add(k));
        agg.putArray("prior_sets").addAll(RewardBenchSections.PRIOR_SETS.stream().map(InputFiles.JSON.getNodeFactory()::textNode).toList());
        return new Evaluation(headline, variants, sectionGroups, subsetGroups, results, agg, "pairs");
    }

    private static String key(String section) {
        return section.toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
    }
}
