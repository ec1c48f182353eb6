package dev.arbiter.vision;

import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;

import java.util.List;

import static dev.arbiter.vision.VisionSamples.J;
import static dev.arbiter.vision.VisionSamples.json;
import static dev.arbiter.vision.VisionSamples.s;

/** Every vision type under the shared reward contract. */
class ContractTests {
    static final String DET_GT = "<answer>```json\n[{\"bbox_2d\": [0, 0, 100, 100], \"label\": \"cat\"},"
            + " {\"bbox_2d\": [200, 200, 300, 300], \"label\": \"dog\"}]\n```</answer>";
    static final String DET_GOOD = "<think>two animals</think><answer>```json\n[{\"bbox_2d\": [0, 0, 100, 100], \"label\": \"cat\"},"
            + " {\"bbox_2d\": [200, 200, 300, 300], \"label\": \"dog\"}]\n```</answer>";
    static final String DET_PART = "<think>x</think><answer>```json\n[{\"bbox_2d\": [0, 0, 100, 72], \"label\": \"cat\"}]\n```</answer>";

    @Nested
    class Vlmr1FormatContract extends RewardContractTest {
        @Override protected String spec() { return "vlmr1_format"; }
        @Override protected String otherSpec() { return "{type: vlmr1_format, variant: rec}"; }
        @Override protected String expectedSignature() { return "vlmr1_format@1(variant=generic)"; }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(s("<think>a</think><answer>b</answer>", "x"), s("<think>a</think><answer>b</answer>\n", "x"));
        }
    }

    @Nested
    class IouContract extends RewardContractTest {
        @Override protected String spec() { return "iou"; }
        @Override protected String otherSpec() { return "{type: iou, code_faithful: false}"; }
        @Override protected String expectedSignature() { return "iou@1(code_faithful=yes,frame=input,threshold=none)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("<answer>[0,0,10,10]</answer>", json("[5,5,15,15]")),
                    s("<answer>{\"bbox_2d\": [10,10,50,50]}</answer>", json("[20,20,60,60]")),
                    s("no answer", json("[0,0,10,10]")));
        }
    }

    @Nested
    class OdMapContract extends RewardContractTest {
        @Override protected String spec() { return "od_map"; }
        @Override protected String otherSpec() { return "{type: od_map, metric: ap50}"; }
        @Override protected String expectedSignature() { return "od_map@1(metric=ap,code_faithful=yes)"; }
        @Override protected List<Sample> samples() {
            return List.of(s(DET_GOOD, DET_GT), s(DET_PART, DET_GT), s("<answer>None</answer>", "<answer>None</answer>"));
        }
    }

    @Nested
    class OdLengthContract extends RewardContractTest {
        @Override protected String spec() { return "od_length"; }
        @Override protected String otherSpec() { return "{type: od_length, code_faithful: false}"; }
        @Override protected String expectedSignature() { return "od_length@1(code_faithful=yes)"; }
        @Override protected List<Sample> samples() { return List.of(s(DET_GOOD, DET_GT), s(DET_PART, DET_GT)); }
    }

    @Nested
    class OdWeightedSumContract extends RewardContractTest {
        @Override protected String spec() { return "od_weighted_sum"; }
        @Override protected String otherSpec() { return "{type: od_weighted_sum, beta: 0.5}"; }
        @Override protected String expectedSignature() { return "od_weighted_sum@1(alpha=0.7,beta=0,gamma=0.3,iou_threshold=0.5)"; }
        @Override protected List<Sample> samples() { return List.of(s(DET_GOOD, DET_GT), s(DET_PART, DET_GT)); }
    }

    @Nested
    class Vlmr1AccuracyContract extends RewardContractTest {
        @Override protected String spec() { return "{type: vlmr1_accuracy, rule: mcq}"; }
        @Override protected String otherSpec() { return "{type: vlmr1_accuracy, rule: yes_no}"; }
        @Override protected String expectedSignature() { return "vlmr1_accuracy@1(rule=mcq)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("<think>x</think><answer>B.</answer>", "<answer> B </answer>"), s("<answer>C</answer>", "B"));
        }
    }

    @Nested
    class Vlmr1AccuracyDefaultContract extends RewardContractTest {
        @Override protected String spec() { return "vlmr1_accuracy"; }
        @Override protected String otherSpec() { return "{type: vlmr1_accuracy, rule: all_match}"; }
        @Override protected String expectedSignature() { return "vlmr1_accuracy@1(rule=default)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("<answer>3.0</answer>", "3"), s("<answer>a red apple</answer>", "red apple"));
        }
    }

    @Nested
    class Vlmr1LengthContract extends RewardContractTest {
        @Override protected String spec() { return "vlmr1_length"; }
        @Override protected String otherSpec() { return "{type: vlmr1_length, code_faithful: false}"; }
        @Override protected String expectedSignature() { return "vlmr1_length@1(code_faithful=yes,max_length=1024)"; }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -0.5; }
        @Override protected List<Sample> samples() {
            return List.of(s("x", J.textNode("y"), "{\"response_length\": 512}"), s("x", J.textNode("y"), "{\"response_length\": 2048}"));
        }
    }

    @Nested
    class Vlmr1RepetitionContract extends RewardContractTest {
        @Override protected String spec() { return "vlmr1_repetition"; }
        @Override protected String otherSpec() { return "{type: vlmr1_repetition}"; }
        @Override protected String expectedSignature() { return "vlmr1_repetition@1"; }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1.0; }
        @Override protected double maxScore() { return 0.0; }
        @Override public void signatureIsPinnedAndStable() {
            org.junit.jupiter.api.Assertions.assertEquals(expectedSignature(), reward().signature().text());
        }
        @Override protected List<Sample> samples() {
            return List.of(s("a b c d e f a b c d e f", "x"), s("one two three four five six seven", "x"));
        }
    }

    @Nested
    class VisionR1PrecisionContract extends RewardContractTest {
        @Override protected String spec() { return "vision_r1_precision"; }
        @Override protected String otherSpec() { return "{type: vision_r1_precision, switch_step: 100}"; }
        @Override protected String expectedSignature() { return "vision_r1_precision@1(progressive=no,switch_step=1500)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("[{\"bbox_2d\": [0,0,100,60], \"label\": \"cat\"}]", json("[[\"cat\", [0,0,100,100]]]")),
                    s("none", json("[[\"cat\", [0,0,100,100]]]")));
        }
    }

    @Nested
    class VisionR1RecallContract extends RewardContractTest {
        @Override protected String spec() { return "vision_r1_recall"; }
        @Override protected String otherSpec() { return "{type: vision_r1_recall, progressive: true}"; }
        @Override protected String expectedSignature() { return "vision_r1_recall@1(progressive=no,switch_step=1500)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("[{\"bbox_2d\": [0,0,100,60], \"label\": \"cat\"}]", json("[[\"cat\", [0,0,100,100]]]")),
                    s("[]", json("[]")));
        }
    }

    @Nested
    class VisionR1FormatContract extends RewardContractTest {
        @Override protected String spec() { return "vision_r1_format"; }
        @Override protected String otherSpec() { return "vision_r1_precision"; }
        @Override protected String expectedSignature() { return "vision_r1_format@1"; }
        @Override protected List<Sample> samples() {
            return List.of(s("```json\n[{\"bbox_2d\": [0,0,1,1], \"label\": \"a\"}]\n```", json("[[\"a\", [0,0,1,1]]]")),
                    s("none", json("[]")));
        }
    }

    @Nested
    class ChartContract extends RewardContractTest {
        @Override protected String spec() { return "chart_relaxed"; }
        @Override protected String otherSpec() { return "{type: chart_relaxed, tolerance: 0}"; }
        @Override protected String expectedSignature() { return "chart_relaxed@1(tolerance=0.05)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("<answer>41.5%</answer>", "42"), s("<answer>Blue</answer>", "blue"), s("<answer>30</answer>", "42"));
        }
    }

    @Nested
    class DipFormatContract extends RewardContractTest {
        @Override protected String spec() { return "dip_r1_format"; }
        @Override protected String otherSpec() { return "{type: dip_r1_format, answer_tag: final}"; }
        @Override protected String expectedSignature() {
            return "dip_r1_format@1(steps=[scene,observe,decide],answer_tag=answer)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(s("<scene>a</scene><observe>b</observe><decide>c</decide><answer>d</answer>", "x"),
                    s("<observe>b</observe><scene>a</scene><decide>c</decide><answer>d</answer>", "x"));
        }
    }

    @Nested
    class DipPrecisionRecallContract extends RewardContractTest {
        @Override protected String spec() { return "dip_r1_precision_recall"; }
        @Override protected String otherSpec() { return "{type: dip_r1_precision_recall, weight: 0.7}"; }
        @Override protected String expectedSignature() {
            return "dip_r1_precision_recall@1(weight=0.5,iou_threshold=0.5,match_labels=yes,frame=pixel)";
        }
        @Override protected List<Sample> samples() {
            return List.of(s("<answer>[{\"bbox_2d\": [0,0,10,10], \"label\": \"a\"}]</answer>",
                            json("[{\"bbox_2d\": [0,0,10,10], \"label\": \"a\"}, {\"bbox_2d\": [20,20,30,30], \"label\": \"a\"}]")),
                    s("<answer>nothing</answer>", json("[[\"a\", [0,0,10,10]]]")));
        }
    }

    @Nested
    class SophiaContract extends RewardContractTest {
        @Override protected String spec() { return "sophiavl_outcome"; }
        @Override protected String otherSpec() { return "{type: sophiavl_outcome, rule: ocr}"; }
        @Override protected String expectedSignature() { return "sophiavl_outcome@1(rule=text,code_faithful=yes)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("<think>r</think><answer>A man riding horses</answer>", "A man is riding a horse"),
                    s("no think", "x"));
        }
    }
}
