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
import dev.arbiter.core.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog's worked examples (A11d), edge cases, options and signatures of the reference-metric rewards. */
class MetricsTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();

    private static Reward r(String spec) {
        return RewardSpec.resolve(spec, REGISTRY).reward();
    }

    private static RewardResult score(String spec, String response, String... refs) {
        ArrayNode a = J.arrayNode();
        for (String ref : refs) {
            a.add(ref);
        }
        return Scoring.guarded(r(spec), Sample.of(response, a), Deadline.none());
    }

    // ---- catalog A11d: BLEUBERI's BLEU ----

    @ParameterizedTest(name = "A11d #{0}")
    @CsvSource(delimiter = '|', value = {
            "1|the cat sat on the mat|the cat sat on the mat||1.0",
            "2|the cat|the cat sat on the mat||0.135335",
            "3|the cat is on the mat|the cat sat on the mat||0.488923",
            "4|the cat is on the mat|the cat sat on the mat|there is a cat on the mat|0.508133",
            "5|dog|the cat sat on the mat||0.005666",
    })
    void catalogA11dExamples(int n, String hyp, String ref1, String ref2, double expected) {
        String[] refs = ref2 == null ? new String[] {ref1} : new String[] {ref1, ref2};
        RewardResult res = score("bleuberi_bleu", hyp, refs);
        assertEquals(Status.OK, res.status());
        assertEquals(expected, res.score(), 5e-7, "example " + n);
    }

    @Test
    void catalogA11dExactForms() {
        // #2: all p_n = 1 by smoothing, BP = e^-2
        assertEquals(Math.exp(-2), NmtBleu.sentenceScore("the cat", List.of("the cat sat on the mat"), 4, true).bleu(), 1e-15);
        // #3: p = (6/7, 4/6, 2/5, 1/4), BP = 1
        NmtBleu.Score s3 = NmtBleu.sentenceScore("the cat is on the mat", List.of("the cat sat on the mat"), 4, true);
        assertEquals(List.of(6.0 / 7, 4.0 / 6, 2.0 / 5, 1.0 / 4), boxed(s3.precisions()));
        assertEquals(Math.pow(6.0 / 7 * 4.0 / 6 * 2.0 / 5 * 1.0 / 4, 0.25), s3.bleu(), 1e-15);
        // #4: p1 = 1, refLen = 6 (the shortest reference, not the closest)
        NmtBleu.Score s4 = NmtBleu.sentenceScore("the cat is on the mat",
                List.of("the cat sat on the mat", "there is a cat on the mat"), 4, true);
        assertEquals(1.0, s4.precisions()[0]);
        assertEquals(6, s4.referenceLength());
        // #5: 0.5^(1/4)·e^-5; smoothing gives nonsense a non-zero BLEU
        assertEquals(Math.pow(0.5, 0.25) * Math.exp(-5),
                NmtBleu.sentenceScore("dog", List.of("the cat sat on the mat"), 4, true).bleu(), 1e-15);
    }

    @Test
    void catalogTokenizerCheck() {
        assertEquals(List.of("Hello", ",", "world", "!", "It's", "3.5", "-", "4", "km", "."),
                Tokenizer13a.tokens("Hello, world! It's 3.5-4 km."));
    }

    @Test
    void bleuberiBlankAndAnswerExtraction() {
        assertEquals(0.0, score("bleuberi_bleu", "", "the cat").score());
        assertEquals("empty completion", score("bleuberi_bleu", " \n\t", "the cat").reason());
        assertEquals(0.0, score("bleuberi_bleu", "<think>the cat</think><answer>  </answer>", "the cat").score());
        assertEquals("empty <answer>", score("bleuberi_bleu", "<answer>\n</answer>", "the cat").reason());
        assertEquals(1.0, score("bleuberi_bleu", "<think>x y z</think><answer>the cat sat on the mat</answer>",
                "the cat sat on the mat").score(), 1e-12);
        assertEquals(1.0, score("bleuberi_bleu", "<answer>the cat sat on the mat", "the cat sat on the mat").score(), 1e-12);
        assertEquals("the cat", BleuberiBleuReward.answer("a <answer>the cat</answer> b <answer>dog</answer>"));
        assertTrue(score("{type: bleuberi_bleu, extract_answer: false}", "<answer>the cat sat on the mat</answer>",
                "the cat sat on the mat").score() < 0.6);
        // an empty reference gives reference length 0, so BP = 0
        assertEquals(0.0, score("bleuberi_bleu", "the cat", "").score());
    }

    @Test
    void bleuRougeF1IsTheHarmonicMean() {
        RewardResult res = score("bleu_rouge_f1", "the cat is on the mat", "the cat sat on the mat");
        double b = Math.pow(6.0 / 7 * 4.0 / 6 * 2.0 / 5 * 1.0 / 4, 0.25);
        double rl = 5.0 / 6; // LCS "the cat on the mat": P = R = 5/6
        assertEquals(2 * b * rl / (b + rl), res.score(), 1e-12);
        assertEquals(b, res.components().get("bleu"), 1e-12);
        assertEquals(rl, res.components().get("rouge"), 1e-12);
        assertEquals(0.0, score("bleu_rouge_f1", "   ", "the cat").score());
        assertEquals(0.0, score("bleu_rouge_f1", "zebra", "the cat").components().get("rouge"));
    }

    // ---- sacreBLEU BLEU ----

    @Test
    void sentenceBleuAsSacrebleu() {
        BleuScore s = Bleu.sentenceScore(BleuOptions.sentence(), "the cat sat", List.of("the cat sat on the mat"));
        assertEquals(36.78794411714425, s.score(), 1e-12);
        assertEquals(List.of(100.0, 100.0, 100.0, 0.0), boxed(s.precisions()));
        assertEquals(3, s.stats().sysLen());
        assertEquals(6, s.stats().refLen());
        assertEquals("36.79 100.0/100.0/100.0/0.0 (BP = 0.368 ratio = 0.500 hyp_len = 3 ref_len = 6)", s.toString());
        BleuScore two = Bleu.sentenceScore(BleuOptions.sentence(), "the cat is on the mat",
                List.of("the cat sat on the mat", "there is a cat on the mat"));
        assertEquals(39.76353643835254, two.score(), 1e-12);
        assertEquals(List.of(100.0, 60.0, 25.0, 16.666666666666668), boxed(two.precisions()));
    }

    @Test
    void emptyHypothesisAndEmptyReferenceScoreZero() {
        BleuScore empty = Bleu.sentenceScore(BleuOptions.sentence(), "", List.of("a b"));
        assertEquals(0.0, empty.score());
        assertEquals(0.0, empty.bp());
        BleuScore emptyRef = Bleu.sentenceScore(BleuOptions.sentence(), "a b c", List.of(""));
        assertEquals(0.0, emptyRef.score());
        assertEquals(1.0, emptyRef.bp());
        RewardResult res = score("bleu", "", "the cat");
        assertEquals(Status.OK, res.status());
        assertEquals(0.0, res.score());
        assertEquals("empty response", res.reason());
        assertEquals(0.0, score("chrf", " ", "the cat").score());
        assertEquals(0.0, score("rouge", "", "the cat").score());
        assertEquals(0.0, score("rouge", "the cat", "").score());
    }

    @Test
    void noReferencesIsInvalidInput() {
        for (String type : List.of("bleu", "chrf", "rouge", "bleuberi_bleu", "bleu_rouge_f1")) {
            RewardResult res = Scoring.guarded(r(type), Sample.of("the cat", J.arrayNode()), Deadline.none());
            assertEquals(Status.INVALID_INPUT, res.status(), type);
            RewardResult none = Scoring.guarded(r(type), Sample.of("the cat", (JsonNode) null), Deadline.none());
            assertEquals(Status.INVALID_INPUT, none.status(), type);
        }
        assertThrows(IllegalArgumentException.class, () -> Bleu.sentenceScore(BleuOptions.sentence(), "a", List.of()));
        assertThrows(IllegalArgumentException.class, () -> Chrf.sentenceScore(ChrfOptions.chrf(), "a", List.of()));
    }

    @Test
    void smoothingMethodsDifferWhereAHigherOrderHasNoMatch() {
        String hyp = "the cat sat";
        List<String> ref = List.of("the cat sat on the mat");
        BleuOptions o = BleuOptions.sentence();
        // one 3-gram matches; "none" with effective order keeps the zero 4-gram order out only if it has no n-grams
        assertEquals(36.78794411714425, Bleu.sentenceScore(o, hyp, ref).score(), 1e-12);
        assertEquals(0.0, Bleu.sentenceScore(o.withSmoothing(SmoothMethod.NONE, Double.NaN), "a b c d e", List.of("a b x d e"))
                .score());
        double floor = Bleu.sentenceScore(o.withSmoothing(SmoothMethod.FLOOR, Double.NaN), "a b c d e",
                List.of("a b x d e")).score();
        double exp = Bleu.sentenceScore(o, "a b c d e", List.of("a b x d e")).score();
        double addK = Bleu.sentenceScore(o.withSmoothing(SmoothMethod.ADD_K, Double.NaN), "a b c d e",
                List.of("a b x d e")).score();
        assertTrue(floor > 0 && exp > 0 && addK > 0);
        assertTrue(floor != exp && exp != addK);
        // without effective order a hypothesis shorter than 4 tokens gets no 4-grams, and BLEU 0
        assertEquals(0.0, Bleu.sentenceScore(o.withEffectiveOrder(false), hyp, ref).score());
    }

    @Test
    void corpusBleuIsTheScoreOfSummedStatistics() {
        List<String> hyps = List.of("the cat sat", "a dog ran away");
        List<List<String>> refs = List.of(List.of("the cat sat on the mat"), List.of("a dog ran", "the dog ran away"));
        BleuOptions o = BleuOptions.corpus();
        List<BleuStats> stats = Bleu.corpusStats(o, hyps, refs);
        assertEquals(Bleu.score(o, stats.get(0).plus(stats.get(1))), Bleu.corpusScore(o, hyps, refs));
        assertEquals(3 + 4, BleuStats.sum(stats).sysLen());
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpusScore(o, hyps, refs.subList(0, 1)));
    }

    @Test
    void sacrebleuSignatures() {
        assertEquals("nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp", BleuOptions.sentence().sacrebleuSignature("1"));
        assertEquals("nrefs:1|case:mixed|eff:yes|tok:13a|smooth:floor[0.10]",
                BleuOptions.sentence().withSmoothing(SmoothMethod.FLOOR, Double.NaN).sacrebleuSignature("1"));
        assertEquals("nrefs:1|case:mixed|eff:yes|tok:13a|smooth:add-k[1.00]",
                BleuOptions.sentence().withSmoothing(SmoothMethod.ADD_K, Double.NaN).sacrebleuSignature("1"));
        assertEquals("nrefs:1|case:lc|eff:no|tok:intl|smooth:exp",
                BleuOptions.corpus().withLowercase(true).withTokenizer(BleuTokenizer.INTL).sacrebleuSignature("1"));
        assertEquals("nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no", ChrfOptions.chrfPlusPlus().sacrebleuSignature("1"));
        assertEquals("nrefs:1|case:lc|eff:no|nc:6|nw:0|space:yes",
                ChrfOptions.chrf().withEpsSmoothing(true).withWhitespace(true).withLowercase(true).sacrebleuSignature("1"));
        RewardResult res = score("bleu", "the cat", "the cat sat", "a cat");
        assertEquals("nrefs:2|case:mixed|eff:yes|tok:13a|smooth:exp", res.details().get("sacrebleu"));
    }

    @Test
    void signaturesPrintEffectiveValues() {
        assertEquals("bleu@1(smooth_method=floor,smooth_value=0.1,tokenize=13a,lowercase=no,max_ngram_order=4,"
                + "effective_order=yes,scale=1)", r("{type: bleu, smooth_method: floor}").signature().text());
        assertEquals("bleu@1(smooth_method=add-k,smooth_value=0.5,tokenize=intl,lowercase=yes,max_ngram_order=4,"
                        + "effective_order=no,scale=100)",
                r("{type: bleu, smooth_method: add-k, smooth_value: 0.5, tokenize: intl, lowercase: true, "
                        + "effective_order: false, scale: 100}").signature().text());
        assertEquals("chrf@1(char_order=6,word_order=2,beta=2,lowercase=no,whitespace=no,eps_smoothing=no,scale=1)",
                r("{type: chrf, word_order: 2}").signature().text());
        assertEquals("rouge@1(variant=rougeLsum,measure=r,use_stemmer=yes)",
                r("{type: rouge, variant: rougeLsum, measure: r, use_stemmer: true}").signature().text());
    }

    @Test
    void invalidSpecsNameTheValueAndTheBound() {
        SpecException e = assertThrows(SpecException.class, () -> r("{type: bleu, smooth_value: 0.2}"));
        assertTrue(e.getMessage().contains("floor and add-k only"), e.getMessage());
        e = assertThrows(SpecException.class, () -> r("{type: bleu, smooth_method: floor, smooth_value: -1}"));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(SpecException.class, () -> r("{type: bleu, max_ngram_order: 0}"));
        assertTrue(e.getMessage().contains("between 1 and 9"), e.getMessage());
        e = assertThrows(SpecException.class, () -> r("{type: bleu, tokenize: zh}"));
        assertTrue(e.getMessage().contains("13a|none|intl|char"), e.getMessage());
        e = assertThrows(SpecException.class, () -> r("{type: chrf, scale: 10}"));
        assertTrue(e.getMessage().contains("1|100"), e.getMessage());
        e = assertThrows(SpecException.class, () -> r("{type: rouge, variant: rouge0}"));
        assertTrue(e.getMessage().contains("rougeLsum"), e.getMessage());
    }

    @Test
    void scaleHundredGivesSacrebleuNumbers() {
        assertEquals(36.78794411714425, score("{type: bleu, scale: 100}", "the cat sat", "the cat sat on the mat").score(), 1e-12);
        assertEquals(0.3678794411714425, score("bleu", "the cat sat", "the cat sat on the mat").score(), 1e-14);
        // sacreBLEU's identical-sentence BLEU is 100.00000000000004; the reward stays inside its range
        assertEquals(1.0, score("bleu", "The cat sat on the mat.", "The cat sat on the mat.").score());
        assertEquals(49.59348409966008, score("{type: chrf, scale: 100}", "the cat sat", "the cat sat on the mat").score(), 1e-12);
        assertEquals(49.83595347043889, score("{type: chrf, word_order: 2, scale: 100}", "the cat sat",
                "the cat sat on the mat").score(), 1e-12);
    }

    // ---- tokenizers ----

    @Test
    void tokenizer13aAsSacrebleu() {
        assertEquals(List.of("a", "&", "quot", ";", "b", "(", "c", ")", "1,000.5", "x", ".", "y", ",", "\"", "q", "\"",
                        "3", "-", "4", "-", "5", "--x"),
                Tokenizer13a.tokens("a&amp;quot;b (c) 1,000.5 x.y, \"q\" 3-4-5 --x <skipped>"));
        assertEquals(List.of("ab", "c"), Tokenizer13a.tokens("a-\nb\nc"));
        assertEquals(List.of("1", ".", ".", ".2"), Tokenizer13a.tokens("1...2"), "the last dot of a run keeps a digit");
        assertEquals(List.of(".", ".", "-"), Tokenizer13a.tokens("..-"));
        assertEquals(List.of("!", "!", "!"), Tokenizer13a.tokens("!!!"));
        assertEquals(List.of(), Tokenizer13a.tokens(" \u00a0\u3000 "));
    }

    @Test
    void intlTokenizerAsSacrebleu() {
        assertEquals(List.of("Hello", ",", "“", "world", "”", "!", "3,5", "€", "100", "a", ".", "b", "½."),
                TokenizerIntl.tokens("Hello, “world”! 3,5 €100 a.b ½."));
    }

    @Test
    void charTokenizerSplitsCodePoints() {
        assertEquals(List.of("a", "😀", "b"), BleuTokenizer.CHAR.tokenize("a 😀\u00a0b"));
    }

    // ---- chrF ----

    @Test
    void chrfWordsSplitOnePunctuationMark() {
        assertEquals(List.of("(hi", ")", "a", "b.", ",", "!", "x", "y"), Chrf.words("(hi) a b., ! x y"));
        assertEquals(List.of("(", "x"), Chrf.words("(x"));
    }

    @Test
    void chrfPicksTheBestReference() {
        ChrfOptions o = ChrfOptions.chrf();
        double best = Chrf.sentenceScore(o, "the cat sat", List.of("a dog", "the cat sat"));
        assertEquals(100.0, best, 1e-12);
        assertEquals(Chrf.sentenceStats(o, "the cat sat", List.of("the cat sat")),
                Chrf.sentenceStats(o, "the cat sat", List.of("zzz", "the cat sat", "the cat sat")));
    }

    // ---- ROUGE ----

    @Test
    void rougeTokenizerAsRougeScore() {
        assertEquals(List.of("the", "quick", "brown", "fox", "s", "1990s", "i", "stanbul", "k"),
                Rouge.tokenize("The QUICK brown-fox's 1990s İstanbul \u212a", false));
        assertEquals(List.of("the", "run", "fox", "happi", "relat"), Rouge.tokenize("The running foxes happiness relational", true));
        assertEquals(List.of(), Rouge.tokenize("東京 😀 ...", false));
    }

    @Test
    void rougeScorerDocstringExample() {
        String target = "The quick brown fox jumps over the lazy dog";
        String prediction = "The quick brown dog jumps on the log.";
        Rouge.Score r1 = Rouge.score(Rouge.Type.of("rouge1"), target, prediction, true);
        assertEquals(0.75, r1.precision());
        assertEquals(2.0 / 3, r1.recall());
        assertEquals(0.7058823529411765, r1.fmeasure());
        Rouge.Score l = Rouge.score(Rouge.Type.L, target, prediction, true);
        assertEquals(0.625, l.precision());
        assertEquals(0.5882352941176471, l.fmeasure());
        assertEquals(0.26666666666666666, Rouge.score(Rouge.Type.of("rouge2"), target, prediction, true).fmeasure());
    }

    @Test
    void rougeLsumUsesLinesAndCountsEachTokenOnce() {
        // one reference line against two candidate lines: the union LCS of "a b c d" with "a b" and "c d" is all 4
        Rouge.Score s = Rouge.score(Rouge.Type.LSUM, "a b c d", "a b\nc d", false);
        assertEquals(1.0, s.recall());
        assertEquals(1.0, s.precision());
        // rougeL sees the two lines as one sequence
        assertEquals(1.0, Rouge.score(Rouge.Type.L, "a b c d", "a b\nc d", false).recall());
        // the union is over reference positions: both candidate lines match the same "a", so only one counts
        Rouge.Score twice = Rouge.score(Rouge.Type.LSUM, "a a", "a\na", false);
        assertEquals(0.5, twice.recall());
        assertEquals(0.5, twice.precision());
        assertEquals(0.0, Rouge.score(Rouge.Type.LSUM, "\n\n", "a", false).fmeasure());
    }

    @Test
    void rougeMultiTakesTheHighestF() {
        Rouge.Best best = Rouge.scoreMulti(Rouge.Type.of("rouge1"), List.of("x y", "a b c", "a b c"), "a b c", false,
                Deadline.none());
        assertEquals(1, best.index());
        assertEquals(1.0, best.score().fmeasure());
        RewardResult res = score("{type: rouge, variant: rouge1, measure: p}", "a b c d", "zz", "a b");
        assertEquals(0.5, res.score());
        assertEquals(1, res.details().get("reference_index"));
    }

    @Test
    void hugeLsumTablesAreRefusedNotThrownAsErrors() {
        String longLine = "w ".repeat(6000);
        RewardResult res = score("{type: rouge, variant: rougeLsum}", longLine, longLine);
        assertEquals(Status.INVALID_INPUT, res.status());
        assertTrue(res.reason().contains("LCS table"), res.reason());
    }

    @Test
    void porterStemmerExamplesFromThePaperAndNltk() {
        String[][] cases = {
                {"caresses", "caress"}, {"ponies", "poni"}, {"ties", "tie"}, {"cats", "cat"}, {"feed", "feed"},
                {"agreed", "agre"}, {"plastered", "plaster"}, {"bled", "bled"}, {"motoring", "motor"}, {"sing", "sing"},
                {"conflated", "conflat"}, {"troubled", "troubl"}, {"sized", "size"}, {"hopping", "hop"},
                {"falling", "fall"}, {"filing", "file"}, {"happy", "happi"}, {"sky", "sky"}, {"skies", "sky"},
                {"dying", "die"}, {"relational", "relat"}, {"generalizations", "gener"}, {"enjoy", "enjoy"},
                {"spied", "spi"}, {"died", "die"}, {"news", "news"}, {"proceed", "proceed"}, {"by", "by"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], PorterStemmer.stem(c[0]), c[0]);
        }
        // a run of y's alternates consonant/vowel (as NLTK has it: yyyy…yi for an even run, unchanged for an odd one);
        // no recursion here, so a very long run is safe (NLTK itself hits Python's recursion limit)
        assertEquals("y".repeat(19) + "i", PorterStemmer.stem("y".repeat(20)));
        assertEquals("y".repeat(21), PorterStemmer.stem("y".repeat(21)));
        assertTrue(PorterStemmer.stem("y".repeat(100_000)).equals("y".repeat(99_999) + "i"));
    }

    // ---- Python string semantics ----

    @Test
    void pythonWhitespaceAndLowercase() {
        assertEquals(List.of("a", "b", "c", "d"), PyStrings.split("a\u00a0b\u2007c\u001fd"));
        assertEquals(List.of("a\u200bb"), PyStrings.split(" a\u200bb "), "ZERO WIDTH SPACE is not whitespace in Python");
        assertEquals("ab", PyStrings.rstrip("ab\u3000\u0085 "));
        assertEquals("i\u0307stanbul", PyStrings.lower("İSTANBUL"));
        assertEquals("οδος", PyStrings.lower("ΟΔΟΣ"), "final sigma");
        assertEquals("σα", PyStrings.lower("ΣΑ"));
        assertEquals("ας.", PyStrings.lower("ΑΣ."));
        assertEquals("a:ς'", PyStrings.lower("a:Σ'"), "':' and the apostrophe are case-ignorable: this sigma is final");
    }

    @Test
    void reasonsRoundToTwoDecimals() {
        assertEquals("36.79", MetricRewards.fmt(36.78794411714425));
        assertEquals("0.05", MetricRewards.fmt(0.049999));
        assertEquals("100.00", MetricRewards.fmt(100.00000000000004));
        assertEquals("0.00", MetricRewards.fmt(0.0));
        assertEquals("-1.50", MetricRewards.fmt(-1.5));
        assertEquals("BLEU 36.79 against 1 reference", score("bleu", "the cat sat", "the cat sat on the mat").reason());
    }

    private static List<Double> boxed(double[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
