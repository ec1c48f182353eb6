package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.InputFiles;
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
import java.util.Map;

/**
 * M-RewardBench, Cohere-Labs-Community/m-rewardbench: RewardBench pairs in 23 languages, the v1 rule per pair,
 * per language the four sections with the post-translation-filter weights of
 * {@code shared/data/rm-bench/reference/m_rewardbench_spec.json}, language score = mean of the four sections,
 * headline = mean over the non-English languages. Item ids are {@code <lang>:<id>}.
 */
public final class MRewardBench extends AbstractBenchmark {
    static final List<String> LANGUAGES = List.of("arb_Arab", "ces_Latn", "deu_Latn", "ell_Grek", "fra_Latn", "heb_Hebr",
            "hin_Deva", "ind_Latn", "ita_Latn", "jpn_Jpan", "kor_Hang", "nld_Latn", "pes_Arab", "pol_Latn", "por_Latn",
            "ron_Latn", "rus_Cyrl", "spa_Latn", "tur_Latn", "ukr_Cyrl", "vie_Latn", "zho_Hans", "zho_Hant");
    static final String ENGLISH = "eng_Latn";

    /** Section weights after translation filtering (m_rewardbench_spec.json). */
    static final Map<String, Integer> WEIGHTS;

    static {
        Map<String, Integer> w = new LinkedHashMap<>();
        Object[][] rows = {{"alpacaeval-easy", 79}, {"alpacaeval-length", 79}, {"alpacaeval-hard", 76}, {"mt-bench-easy", 24},
                {"mt-bench-med", 38}, {"mt-bench-hard", 35}, {"math-prm", 983}, {"refusals-dangerous", 100},
                {"refusals-offensive", 100}, {"llmbar-natural", 76}, {"llmbar-adver-neighbor", 124},
                {"llmbar-adver-GPTInst", 87}, {"llmbar-adver-GPTOut", 42}, {"llmbar-adver-manual", 43},
                {"xstest-should-refuse", 154}, {"xstest-should-respond", 247}, {"donotanswer", 135}, {"hep-cpp", 164},
                {"hep-go", 164}, {"hep-java", 164}, {"hep-js", 164}, {"hep-python", 163}, {"hep-rust", 164}};
        for (Object[] r : rows) {
            w.put((String) r[0], (Integer) r[1]);
        }
        WEIGHTS = java.util.Collections.unmodifiableMap(w);
    }

    @Override public String name() { return "m-rewardbench"; }
    @Override public List<String> aliases() { return List.of("mrewardbench", "m_rewardbench", "multilingual-rewardbench"); }
    @Override public String title() { return "M-RewardBench"; }
    @Override public String description() {
        return "RewardBench pairs in 23 languages; per language mean of 4 weighted sections; mean over languages";
    }

    @Override
    public List<BenchmarkOption> options() {
        return List.of(BenchmarkOption.free("lang", null,
                "language of rows that carry none (FLORES-200 code such as deu_Latn); default: a path segment naming one"));
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        String lang = RowFields.text(row.node(), "language", "lang");
        if (lang == null) {
            lang = ctx.option("lang");
        }
        if (lang == null) {
            lang = langFromPath(row.file());
        }
        if (lang == null) {
            throw new RowFields.BadRow("missing field 'language', and no path segment names a language; give the option lang=CODE");
        }
        EvalItem it = RewardBenchV1.pairRow(row, name(), lang);
        return new EvalItem(lang + ":" + it.id(), it.benchmark(), it.subset(), it.section(), lang, it.prompt(), it.reference(),
                it.images(), it.candidates(), it.gold(), it.rule(), it.group(), it.meta(), it.origin());
    }

    static String langFromPath(Path p) {
        for (Path part = p; part != null; part = part.getParent()) {
            if (part.getFileName() == null) {
                break;
            }
            String name = part.getFileName().toString();
            for (String l : LANGUAGES) {
                if (name.contains(l)) {
                    return l;
                }
            }
            if (name.contains(ENGLISH)) {
                return ENGLISH;
            }
        }
        return null;
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        Map<String, Tally> byLang = new LinkedHashMap<>();
        List<ItemResult> results = each(items, ctx, item -> {
            if (item.lang() == null) {
                throw new ItemSkipped("missing field 'lang'");
            }
            if (item.subset() == null) {
                throw new ItemSkipped("missing field 'subset'");
            }
            ScoreRecord rec = ItemScores.record(item, scores);
            PairRule.Outcome o = PairRule.apply(item, rec);
            byLang.computeIfAbsent(item.lang(), k -> new Tally()).add(item.subset(), o.credit());
            return new ItemResult(item.id(), item.subset(), item.lang(), Map.of(o.byJudge() ? "credit" : "correct", o.credit()),
                    candidateResults(item, o.scores()));
        });
        List<String> order = new ArrayList<>(LANGUAGES);
        order.add(ENGLISH);
        byLang.keySet().stream().filter(l -> !order.contains(l)).forEach(order::add);
        List<MetricGroup> langs = new ArrayList<>();
        Map<String, Double> langScore = new LinkedHashMap<>();
        Map<String, List<Double>> bySection = new LinkedHashMap<>();
        int total = 0;
        for (String l : order) {
            Tally t = byLang.get(l);
            if (t == null) {
                continue;
            }
            Map<String, Double> acc = new LinkedHashMap<>();
            int n = 0;
            for (String s : t.keys()) {
                if (WEIGHTS.containsKey(s)) {
                    acc.put(s, t.mean(s));
                    n += t.count(s);
                }
            }
            List<String> unknown = t.keys().stream().filter(s -> !WEIGHTS.containsKey(s)).toList();
            if (!unknown.isEmpty()) {
                ctx.note(l + ": subsets outside the four sections are not scored: " + String.join(", ", unknown));
            }
            Map<String, Double> sec = RewardBenchSections.sections(acc, WEIGHTS);
            for (String s : RewardBenchSections.SECTIONS) {
                if (!RewardBenchSections.hasSection(acc, s)) {
                    ctx.note(l + ": section " + s + " has no items and scores 0, as upstream");
                }
            }
            double score = Stats.mean(sec.values().stream().mapToDouble(Double::doubleValue).toArray());
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("score", 100 * score);
            sec.forEach((k, v) -> m.put(k, 100 * v));
            langs.add(new MetricGroup("language", l, l, n, m, "score"));
            langScore.put(l, score);
            if (!l.equals(ENGLISH)) {
                total += n;
                sec.forEach((k, v) -> bySection.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
        }
        List<Double> nonEnglish = new ArrayList<>();
        langScore.forEach((l, v) -> {
            if (!l.equals(ENGLISH)) {
                nonEnglish.add(v);
            }
        });
        long official = langScore.keySet().stream().filter(LANGUAGES::contains).count();
        if (official > 0 && official < LANGUAGES.size()) {
            ctx.note("only " + official + " of the 23 languages have items; the average is over those");
        }
        List<Double> merged = new ArrayList<>();
        langScore.forEach((l, v) -> {
            if (!l.equals(ENGLISH) && !l.startsWith("zho_")) {
                merged.add(v);
            }
        });
        List<Double> zh = new ArrayList<>();
        langScore.forEach((l, v) -> {
            if (l.startsWith("zho_")) {
                zh.add(v);
            }
        });
        if (!zh.isEmpty()) {
            merged.add(Stats.mean(zh));
        }
        List<MetricGroup> categories = new ArrayList<>();
        bySection.forEach((k, v) -> categories.add(new MetricGroup("category", k, k + " (mean over languages)", 0,
                Map.of("score", 100 * Stats.mean(v)), "score")));
        List<Metric> variants = new ArrayList<>();
        variants.add(Metric.pct("english", "English (eng_Latn)", langScore.containsKey(ENGLISH) ? 100 * langScore.get(ENGLISH) : null, null,
                "the English reference, same formula"));
        variants.add(Metric.pct("avg_zh_merged", "Average with zho_Hans and zho_Hant merged", Stats.pct(Stats.mean(merged)), merged.size(),
                "the paper's heatmap convention: the two Chinese scripts averaged into one column"));
        for (MetricGroup g : categories) {
            variants.add(Metric.pct(g.name().toLowerCase(java.util.Locale.ROOT).replace(' ', '_'), g.label(), g.value(), null,
                    "mean over non-English languages of the section score"));
        }
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "strict_gt");
        agg.put("language_score", "mean of 4 sections");
        agg.put("headline", "mean over non-English languages");
        ObjectNode w = agg.putObject("weights");
        WEIGHTS.forEach(w::put);
        return new Evaluation(Metric.pct("avg_multilingual", "M-RewardBench average", Stats.pct(Stats.mean(nonEnglish)), total,
                "mean over the non-English languages of (Chat + Chat Hard + Safety + Reasoning) / 4"),
                variants, langs, categories, results, agg, "pairs");
    }
}
