package dev.arbiter.text.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;

import java.util.List;

/** Every reference-metric type under the shared reward contract, with its signature pinned. */
class MetricsContractTests {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    static List<Sample> samples() {
        return List.of(
                Sample.of("the cat sat on the mat", "the cat sat on the mat"),
                Sample.of("the cat", "the cat sat on the mat"),
                Sample.of("The cat is on the mat.", J.arrayNode().add("the cat sat on the mat").add("There is a cat on the mat.")),
                Sample.of("<think>hmm</think><answer>a dog</answer>", "the cat sat on the mat"),
                Sample.of("", "x"),
                Sample.of("Straße ΟΔΟΣ 3.5-4 km\nsecond line", J.arrayNode().add("strasse οδος 3.5 km").add("")));
    }

    @Nested
    class BleuContract extends RewardContractTest {
        @Override protected String spec() { return "bleu"; }
        @Override protected String otherSpec() { return "{type: bleu, smooth_method: floor}"; }
        @Override protected String expectedSignature() {
            return "bleu@1(smooth_method=exp,smooth_value=none,tokenize=13a,lowercase=no,max_ngram_order=4,"
                    + "effective_order=yes,scale=1)";
        }
        @Override protected List<Sample> samples() { return MetricsContractTests.samples(); }
    }

    @Nested
    class BleuScale100Contract extends RewardContractTest {
        @Override protected String spec() { return "{type: bleu, tokenize: intl, lowercase: true, scale: 100}"; }
        @Override protected String otherSpec() { return "{type: bleu, tokenize: char, lowercase: true, scale: 100}"; }
        @Override protected String expectedSignature() {
            return "bleu@1(smooth_method=exp,smooth_value=none,tokenize=intl,lowercase=yes,max_ngram_order=4,"
                    + "effective_order=yes,scale=100)";
        }
        @Override protected double maxScore() { return 100.0; }
        @Override protected List<Sample> samples() { return MetricsContractTests.samples(); }
    }

    @Nested
    class ChrfContract extends RewardContractTest {
        @Override protected String spec() { return "chrf"; }
        @Override protected String otherSpec() { return "{type: chrf, word_order: 2}"; }
        @Override protected String expectedSignature() {
            return "chrf@1(char_order=6,word_order=0,beta=2,lowercase=no,whitespace=no,eps_smoothing=no,scale=1)";
        }
        @Override protected List<Sample> samples() { return MetricsContractTests.samples(); }
    }

    @Nested
    class ChrfPlusPlusContract extends RewardContractTest {
        @Override protected String spec() { return "{type: chrf, word_order: 2, eps_smoothing: true}"; }
        @Override protected String otherSpec() { return "{type: chrf, word_order: 2}"; }
        @Override protected String expectedSignature() {
            return "chrf@1(char_order=6,word_order=2,beta=2,lowercase=no,whitespace=no,eps_smoothing=yes,scale=1)";
        }
        @Override protected List<Sample> samples() { return MetricsContractTests.samples(); }
    }

    @Nested
    class RougeContract extends RewardContractTest {
        @Override protected String spec() { return "rouge"; }
        @Override protected String otherSpec() { return "{type: rouge, use_stemmer: true}"; }
        @Override protected String expectedSignature() { return "rouge@1(variant=rougeL,measure=f,use_stemmer=no)"; }
        @Override protected List<Sample> samples() { return MetricsContractTests.samples(); }
    }

    @Nested
    class RougeLsumContract extends RewardContractTest {
        @Override protected String spec() { return "{type: rouge, variant: rougeLsum, use_stemmer: true}"; }
        @Override protected String otherSpec() { return "{type: rouge, variant: rouge2, use_stemmer: true}"; }
        @Override protected String expectedSignature() { return "rouge@1(variant=rougeLsum,measure=f,use_stemmer=yes)"; }
        @Override protected List<Sample> samples() { return MetricsContractTests.samples(); }
    }

    @Nested
    class BleuberiBleuContract extends RewardContractTest {
        @Override protected String spec() { return "bleuberi_bleu"; }
        @Override protected String otherSpec() { return "{type: bleuberi_bleu, extract_answer: false}"; }
        @Override protected String expectedSignature() { return "bleuberi_bleu@1(extract_answer=yes,max_order=4,smooth=yes)"; }
        @Override protected List<Sample> samples() { return MetricsContractTests.samples(); }
    }

    @Nested
    class BleuRougeF1Contract extends RewardContractTest {
        @Override protected String spec() { return "bleu_rouge_f1"; }
        @Override protected String otherSpec() { return "{type: bleu_rouge_f1, extract_answer: false}"; }
        @Override protected String expectedSignature() { return "bleu_rouge_f1@1(extract_answer=yes)"; }
        @Override protected List<Sample> samples() { return MetricsContractTests.samples(); }
    }
}
