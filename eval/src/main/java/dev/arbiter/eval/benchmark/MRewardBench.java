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
 * headline = mean over the non-English languages. Item ids are {@code <lang>:<id>}. The subset is read from
 * {@code subset} or, in the dataset's current schema, {@code source}.
 *
 * <p>The Translation category (MAPLE pairs, de↔en and zh↔en, easy and hard; the dataset's {@code translation}
 * config) is scored with the same pair rule and reported apart, as the paper's translation table: accuracy per
 * difficulty and direction, and their unweighted mean ({@code translation}). It does not enter the language scores.
 * A row is a translation pair when its subset names a direction and a difficulty ({@code de-en-easy},
 * {@code maple-en-zh-hard}, {@code translation:zh->en:easy}, …); its id becomes {@code translation:<id>}.
 */
public final class MRewardBench extends AbstractBenchmark {
    static final List<String> LANGUAGES = List.of("arb_Arab", "ces_Latn", "deu_Latn", "ell_Grek", "fra_Latn", "heb_Hebr",
            "hin_Deva", "ind_Latn", "ita_Latn", "jpn_Jpan", "kor_Hang", "nld_Latn", "pes_Arab", "pol_Latn", "por_Latn",
            "ron_Latn", "rus_Cyrl", "spa_Latn", "tur_Latn", "ukr_Cyrl", "vie_Latn", "zho_Hans", "zho_Hant");
    static final String ENGLISH = "eng_Latn";
    static final String TRANSLATION = "translation";
    /** The paper's translation columns: difficulty, then direction. */
    static final List<String> TRANSLATION_CELLS = List.of("easy de→en", "easy en→de", "easy zh→en", "easy en→zh",
            "hard de→en", "hard en→de", "hard zh→en", "hard en→zh");
    private static final Map<String, String> LANG_TOKENS = Map.ofEntries(Map.entry("de", "de"), Map.entry("deu", "de"),
            Map.entry("ger", "de"), Map.entry("german", "de"), Map.entry("deutsch", "de"), Map.entry("zh", "zh"), Map.entry("zho", "zh"),
            Map.entry("chi", "zh"), Map.entry("cmn", "zh"), Map.entry("chinese", "zh"), Map.entry("en", "en"), Map.entry("eng", "en"),
            Map.entry("english", "en"));

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
        return "RewardBench pairs in 23 languages; per language mean of 4 weighted sections; mean over languages; "
                + "Translation (de/zh↔en, easy/hard) apart";
    }

    /**
     * The translation cell a subset names ({@code "easy de→en"}), or {@code null}: two language names (de, zh, en in
     * any common spelling) of which one is English, and {@code easy} or {@code hard}, anywhere in the name.
     */
    static String translationCell(String subset) {
        if (subset == null) {
            return null;
        }
        List<String> langs = new ArrayList<>();
        String difficulty = null;
        for (String tok : subset.toLowerCase(java.util.Locale.ROOT).split("[^a-z]+")) {
            String l = LANG_TOKENS.get(tok);
            if (l != null && langs.size() < 2) {
                langs.add(l);
            } else if (tok.equals("easy") || tok.equals("hard")) {
                difficulty = tok;
            }
        }
        if (difficulty == null || langs.size() < 2 || langs.get(0).equals(langs.get(1))
                || !(langs.get(0).equals("en") || langs.get(1).equals("en"))) {
            return null;
        }
        return difficulty + " " + langs.get(0) + "→" + langs.get(1);
    }

    @Override
    public List<BenchmarkOption> options() {
        return List.of(BenchmarkOption.free("lang", null,
                "language of rows that carry none (FLORES-200 code such as deu_Latn); default: a path segment naming one"));
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        String subset = RowFields.text(row.node(), "subset", "source");
        String lang = RowFields.text(row.node(), "language", "lang");
        if (lang == null) {
            lang = ctx.option("lang");
        }
        if (lang == null) {
            lang = langFromPath(row.file());
        }
        String cell = translationCell(subset);
        if (cell != null || TRANSLATION.equalsIgnoreCase(lang)) {
            if (cell == null) {
                throw new RowFields.BadRow("a translation pair needs its direction and difficulty in 'subset' (or 'source'), "
                        + "e.g. de-en-easy; it was " + (subset == null ? "absent" : "'" + subset + "'"));
            }
            EvalItem it = RewardBenchV1.pairRow(row, name(), null);
            ObjectNode meta = it.meta().deepCopy();
            meta.put("original_subset", subset);
            return new EvalItem(TRANSLATION + ":" + it.id(), it.benchmark(), cell, TRANSLATION, null, it.prompt(), it.reference(),
                    it.images(), it.candidates(), it.gold(), it.rule(), it.group(), meta, it.origin());
        }
        if (lang == null) {
            throw new RowFields.BadRow("missing field 'language', and no path segment names a language; give the option lang=CODE");
        }
        EvalItem it = RewardBenchV1.pairRow(row, name(), lang);
        return new EvalItem(lang + ":" + it.id(), it.benchmark(), it.subset() != null ? it.subset() : subset, it.section(), lang,
                it.prompt(), it.reference(), it.images(), it.candidates(), it.gold(), it.rule(), it.group(), it.meta(), it.origin());
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
            if (name.equalsIgnoreCase(TRANSLATION)) {
                return TRANSLATION;
            }
        }
        return null;
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        Map<String, Tally> byLang = new LinkedHashMap<>();
        Tally translation = new Tally();
        List<ItemResult> results = each(items, ctx, item -> {
            String cell = translationCell(item.subset());
            if (cell != null && (item.lang() == null || TRANSLATION.equals(item.lang()) || TRANSLATION.equals(item.section()))) {
                PairRule.Outcome o = PairRule.apply(item, ItemScores.record(item, scores));
                translation.add(cell, o.credit());
                return new ItemResult(item.id(), cell, TRANSLATION, Map.of(o.byJudge() ? "credit" : "correct", o.credit()),
                        candidateResults(item, o.scores()));
            }
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
        Metric headline = Metric.pct("avg_multilingual", "M-RewardBench average", Stats.pct(Stats.mean(nonEnglish)), total,
                "mean over the non-English languages of (Chat + Chat Hard + Safety + Reasoning) / 4");
        if (!translation.keys().isEmpty()) {
            List<MetricGroup> cells = new ArrayList<>();
            List<String> cellOrder = new ArrayList<>(TRANSLATION_CELLS);
            translation.keys().stream().filter(c -> !cellOrder.contains(c)).forEach(cellOrder::add);
            List<Double> cellMeans = new ArrayList<>();
            Map<String, List<Double>> byDifficulty = new LinkedHashMap<>();
            int nTrans = 0;
            double sumTrans = 0;
            for (String c : cellOrder) {
                if (!translation.has(c)) {
                    continue;
                }
                double acc = translation.mean(c);
                cellMeans.add(acc);
                byDifficulty.computeIfAbsent(c.substring(0, 4), x -> new ArrayList<>()).add(acc);
                nTrans += translation.count(c);
                sumTrans += translation.sum(c);
                cells.add(new MetricGroup(TRANSLATION, c, "Translation " + c, translation.count(c), Map.of("accuracy", 100 * acc), "accuracy"));
            }
            long missing = TRANSLATION_CELLS.stream().filter(c -> !translation.has(c)).count();
            if (missing > 0) {
                ctx.note("translation: " + missing + " of the 8 difficulty × direction cells have no pairs; the translation mean is over "
                        + cellMeans.size());
            }
            Metric trans = Metric.pct(TRANSLATION, "Translation (mean of difficulty × direction)", Stats.pct(Stats.mean(cellMeans)), nTrans,
                    "unweighted mean of the accuracies of the easy/hard × de→en, en→de, zh→en, en→zh cells (the paper's Avg)");
            variants.add(trans);
            for (Map.Entry<String, List<Double>> e : byDifficulty.entrySet()) {
                variants.add(Metric.pct(TRANSLATION + "_" + e.getKey(), "Translation, " + e.getKey(), 100 * Stats.mean(e.getValue()), null,
                        "mean of the " + e.getKey() + " cells"));
            }
            variants.add(Metric.pct(TRANSLATION + "_pooled", "Translation, pooled over pairs", 100 * sumTrans / nTrans, nTrans,
                    "share of all translation pairs scored right (equals the mean when every cell has as many pairs)"));
            langs.addAll(cells);
            if (langScore.isEmpty()) {
                headline = trans;
            } else {
                ctx.note("Translation is reported apart from the language scores and the multilingual average, as in the paper");
            }
        }
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "strict_gt");
        agg.put("translation", "mean over easy/hard × de→en, en→de, zh→en, en→zh of the pair accuracy; apart from the languages");
        agg.put("language_score", "mean of 4 sections");
        agg.put("headline", "mean over non-English languages");
        ObjectNode w = agg.putObject("weights");
        WEIGHTS.forEach(w::put);
        return new Evaluation(headline, variants, langs, categories, results, agg, "pairs");
    }
}
