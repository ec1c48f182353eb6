package dev.arbiter.text.metrics;

import dev.arbiter.core.text.PorterStemmer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.text.metrics.ParityData.Diffs;
import dev.arbiter.text.metrics.ParityData.Pair;
import dev.arbiter.text.metrics.ParityData.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every score in the parity files, recomputed here, within 1e-9 of the reference implementation's. The files hold
 * data produced by running sacreBLEU 2.6.0, HF evaluate's BLEU, rouge-score, NLTK and CPython 3.11 on generated
 * pairs (see {@code text/METRICS.md}); the peers' code is not part of this repository.
 */
class ParityTest {
    private static final int MIN_PAIRS = 2500;
    private static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();
    private static List<Pair> pairs;

    @BeforeAll
    static void load() {
        pairs = ParityData.pairs();
    }

    static BleuOptions bleuOptions(JsonNode c) {
        return new BleuOptions(BleuTokenizer.fromSpecName(c.get("tokenize").asText()), c.get("lowercase").asBoolean(),
                SmoothMethod.fromSpecName(c.get("smooth_method").asText()),
                c.get("smooth_value").isNull() ? Double.NaN : c.get("smooth_value").asDouble(),
                c.get("max_ngram_order").asInt(), c.get("effective_order").asBoolean());
    }

    static ChrfOptions chrfOptions(JsonNode c) {
        return new ChrfOptions(c.get("char_order").asInt(), c.get("word_order").asInt(), c.get("beta").asInt(),
                c.get("lowercase").asBoolean(), c.get("whitespace").asBoolean(), c.get("eps_smoothing").asBoolean());
    }

    @Test
    void sentenceBleuMatchesSacrebleu() {
        Table t = ParityData.table("sacrebleu_bleu_sentence.jsonl");
        JsonNode configs = t.header().get("configs");
        assertEquals(pairs.size(), t.rows().size());
        Diffs diffs = new Diffs("sacrebleu sentence BLEU");
        for (int c = 0; c < configs.size(); c++) {
            BleuOptions o = bleuOptions(configs.get(c));
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                diffs.check(Bleu.sentenceScore(o, p.hyp(), p.refs()).score(), t.rows().get(i).get(c).asDouble(),
                        "row " + i + " " + o);
            }
        }
        diffs.verify(MIN_PAIRS * configs.size());
    }

    @Test
    void sentenceChrfMatchesSacrebleu() {
        Table t = ParityData.table("sacrebleu_chrf_sentence.jsonl");
        JsonNode configs = t.header().get("configs");
        Diffs diffs = new Diffs("sacrebleu sentence chrF/chrF++");
        for (int c = 0; c < configs.size(); c++) {
            ChrfOptions o = chrfOptions(configs.get(c));
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                diffs.check(Chrf.sentenceScore(o, p.hyp(), p.refs()), t.rows().get(i).get(c).asDouble(),
                        "row " + i + " " + o);
            }
        }
        diffs.verify(MIN_PAIRS * configs.size());
    }

    /**
     * Corpus scores over slices of the pairs. Each configuration's segment statistics are computed once and summed
     * per slice, which is what the corpus API does; for the first configuration the whole-set row also goes through
     * {@code corpusScore} itself.
     */
    @Test
    void corpusBleuAndChrfMatchSacrebleu() {
        Table bleu = ParityData.table("sacrebleu_bleu_corpus.jsonl");
        Diffs bleuDiffs = new Diffs("sacrebleu corpus BLEU");
        JsonNode configs = bleu.header().get("configs");
        for (int c = 0; c < configs.size(); c++) {
            BleuOptions o = bleuOptions(configs.get(c));
            List<BleuStats> stats = Bleu.corpusStats(o, hyps(0, pairs.size()), refs(0, pairs.size()));
            for (JsonNode row : bleu.rows()) {
                int from = row.get("from").asInt();
                int to = row.get("to").asInt();
                double ours = c == 0 && from == 0 && to == pairs.size()
                        ? Bleu.corpusScore(o, hyps(from, to), refs(from, to)).score()
                        : Bleu.score(o, BleuStats.sum(stats.subList(from, to))).score();
                bleuDiffs.check(ours, row.get("s").get(c).asDouble(), "pairs[" + from + ":" + to + "] " + o);
            }
        }
        bleuDiffs.verify(50);
        Table chrf = ParityData.table("sacrebleu_chrf_corpus.jsonl");
        Diffs chrfDiffs = new Diffs("sacrebleu corpus chrF/chrF++");
        configs = chrf.header().get("configs");
        for (int c = 0; c < configs.size(); c++) {
            ChrfOptions o = chrfOptions(configs.get(c));
            List<ChrfStats> stats = Chrf.corpusStats(o, hyps(0, pairs.size()), refs(0, pairs.size()));
            for (JsonNode row : chrf.rows()) {
                int from = row.get("from").asInt();
                int to = row.get("to").asInt();
                double ours = c == 0 && from == 0 && to == pairs.size()
                        ? Chrf.corpusScore(o, hyps(from, to), refs(from, to))
                        : Chrf.score(o, ChrfStats.sum(stats.subList(from, to)));
                chrfDiffs.check(ours, row.get("s").get(c).asDouble(), "pairs[" + from + ":" + to + "] " + o);
            }
        }
        chrfDiffs.verify(50);
    }

    @Test
    void corpusStatisticsAggregateWithoutRescoring() {
        BleuOptions o = BleuOptions.corpus();
        List<BleuStats> stats = Bleu.corpusStats(o, hyps(0, pairs.size()), refs(0, pairs.size()));
        BleuStats sum = stats.get(0);
        for (BleuStats s : stats.subList(1, stats.size())) {
            sum = sum.plus(s);
        }
        assertEquals(BleuStats.sum(stats), sum);
        assertEquals(Bleu.corpusScore(o, hyps(0, pairs.size()), refs(0, pairs.size())), Bleu.score(o, sum));
    }

    @Test
    void hfBleuAndBleuberiMatchEvaluate() {
        Table t = ParityData.table("hf_bleu.jsonl");
        Reward bleuberi = RewardSpec.resolve("bleuberi_bleu", REGISTRY).reward();
        Reward f1 = RewardSpec.resolve("bleu_rouge_f1", REGISTRY).reward();
        Diffs reward = new Diffs("bleuberi_bleu (reward)");
        Diffs smooth = new Diffs("HF BLEU smooth");
        Diffs plain = new Diffs("HF BLEU no smoothing");
        Diffs order2 = new Diffs("HF BLEU max_order 2");
        Diffs harmonic = new Diffs("bleu_rouge_f1 (reward)");
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            JsonNode row = t.rows().get(i);
            String at = "row " + i;
            reward.check(ok(bleuberi, p).score(), row.get(0).asDouble(), at);
            smooth.check(NmtBleu.sentenceScore(p.hyp(), p.refs(), 4, true).bleu(), row.get(1).asDouble(), at);
            plain.check(NmtBleu.sentenceScore(p.hyp(), p.refs(), 4, false).bleu(), row.get(2).asDouble(), at);
            order2.check(NmtBleu.sentenceScore(p.hyp(), p.refs(), 2, true).bleu(), row.get(3).asDouble(), at);
            harmonic.check(ok(f1, p).score(), row.get(4).asDouble(), at);
        }
        for (Diffs d : List.of(reward, smooth, plain, order2, harmonic)) {
            d.verify(MIN_PAIRS);
        }
    }

    @Test
    void rougeMatchesRougeScore() {
        Table t = ParityData.table("rouge_score.jsonl");
        JsonNode cols = t.header().get("columns");
        Diffs api = new Diffs("rouge-score score_multi");
        Diffs rewards = new Diffs("rouge (reward, F)");
        for (int c = 0; c < cols.size(); c += 3) {
            JsonNode col = cols.get(c);
            Rouge.Type type = Rouge.Type.of(col.get("variant").asText());
            boolean stem = col.get("use_stemmer").asBoolean();
            Reward reward = RewardSpec.resolve("{type: rouge, variant: " + type.name() + ", use_stemmer: " + stem + "}",
                    REGISTRY).reward();
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                Rouge.Score s = Rouge.scoreMulti(type, p.refs(), p.hyp(), stem, Deadline.none()).score();
                JsonNode row = t.rows().get(i);
                String at = "row " + i + " " + type.name() + (stem ? " stemmed" : "");
                api.check(s.precision(), row.get(c).asDouble(), at + " P");
                api.check(s.recall(), row.get(c + 1).asDouble(), at + " R");
                api.check(s.fmeasure(), row.get(c + 2).asDouble(), at + " F");
                rewards.check(ok(reward, p).score(), row.get(c + 2).asDouble(), at);
            }
        }
        api.verify(MIN_PAIRS * cols.size());
        rewards.verify(MIN_PAIRS * cols.size() / 3);
    }

    @Test
    void rewardTypesEqualTheirKernels() {
        Reward bleu = RewardSpec.resolve("bleu", REGISTRY).reward();
        Reward chrf = RewardSpec.resolve("{type: chrf, word_order: 2, scale: 100}", REGISTRY).reward();
        Table bleuTable = ParityData.table("sacrebleu_bleu_sentence.jsonl");
        Table chrfTable = ParityData.table("sacrebleu_chrf_sentence.jsonl");
        Diffs b = new Diffs("bleu (reward, /100)");
        Diffs c = new Diffs("chrf word_order 2 (reward)");
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            b.check(ok(bleu, p).score() * 100, bleuTable.rows().get(i).get(0).asDouble(), "row " + i);
            c.check(ok(chrf, p).score(), chrfTable.rows().get(i).get(1).asDouble(), "row " + i);
        }
        b.verify(MIN_PAIRS);
        c.verify(MIN_PAIRS);
    }

    @Test
    void porterStemmerMatchesNltk() {
        Diffs d = new Diffs("NLTK PorterStemmer");
        List<String> mismatches = new ArrayList<>();
        for (String line : ParityData.lines("porter_nltk.tsv")) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            String ours = PorterStemmer.stem(parts[0]);
            if (!ours.equals(parts[1]) && mismatches.size() < 20) {
                mismatches.add(parts[0] + ": ours " + ours + ", nltk " + parts[1]);
            }
            d.check(ours.equals(parts[1]) ? 0 : 1, 0, parts[0]);
        }
        assertEquals(List.of(), mismatches);
        d.verify(5000);
    }

    @Test
    void lowerMatchesPython() {
        Diffs d = new Diffs("Python str.lower()");
        for (String line : ParityData.lines("python_lower.tsv")) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            String in = new String(Character.toChars(Integer.parseInt(parts[0], 16)));
            StringBuilder expected = new StringBuilder();
            for (String h : parts[1].split(" ")) {
                expected.appendCodePoint(Integer.parseInt(h, 16));
            }
            assertEquals(expected.toString(), PyStrings.lower(in), () -> "lower of U+" + parts[0]);
            d.check(0, 0, parts[0]);
        }
        for (String line : ParityData.lines("python_lower_sigma.jsonl")) {
            JsonNode n = ParityData.read(line);
            assertEquals(n.get(1).asText(), PyStrings.lower(n.get(0).asText()), () -> "lower of " + n.get(0));
            d.check(0, 0, line);
        }
        d.verify(3000);
    }

    private static RewardResult ok(Reward r, Pair p) {
        ArrayNode refs = JsonNodeFactory.instance.arrayNode();
        p.refs().forEach(refs::add);
        RewardResult res = Scoring.guarded(r, Sample.of(p.hyp(), refs), Deadline.none());
        assertEquals(Status.OK, res.status(), () -> res + " for " + p);
        return res;
    }

    private static List<String> hyps(int from, int to) {
        List<String> out = new ArrayList<>();
        for (Pair p : pairs.subList(from, to)) {
            out.add(p.hyp());
        }
        return out;
    }

    private static List<List<String>> refs(int from, int to) {
        List<List<String>> out = new ArrayList<>();
        for (Pair p : pairs.subList(from, to)) {
            out.add(p.refs());
        }
        return out;
    }
}
