package dev.arbiter.vision;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.arbiter.vision.VisionSamples.J;
import static dev.arbiter.vision.VisionSamples.json;
import static dev.arbiter.vision.VisionSamples.s;
import static dev.arbiter.vision.VisionSamples.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reward catalog's worked examples (sections A1–A7, A12–A14), one test each, plus documented edge cases. */
class VisionCatalogTest {
    private static final double EPS = 1e-9;

    private static String det(String items) {
        return "<answer>```json\n[" + items + "]\n```</answer>";
    }

    private static String box(String b, String label) {
        return "{\"bbox_2d\": " + b + ", \"label\": \"" + label + "\"}";
    }

    // ---- A1 ----
    @Test
    void a1FormatExamples() {
        assertEquals(1.0, score("vlmr1_format", s("<think>a</think><answer>b</answer>", "x")).score());
        assertEquals(0.0, score("vlmr1_format", s("<think>a</think>\n<answer>b</answer>\n", "x")).score(), "trailing newline");
        assertEquals(1.0, score("{type: vlmr1_format, variant: rec}",
                s("x<think>a</think><answer>{\"bbox_2d\":[1, 2, 3, 4]}</answer>", "x")).score());
        assertEquals(0.0, score("{type: vlmr1_format, variant: rec}", s("<think>a</think><answer>[1,2,3,4]</answer>", "x")).score());
        assertEquals(0.0, score("vlmr1_format", s("", "x")).score());
        assertEquals(0.0, score("{type: vlmr1_format, variant: rec}",
                s("<think>a</think><answer>{[1.5,2,3,4]}</answer>", "x")).score(), "float coordinates");
    }

    // ---- A2 ----
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[0,0,10,10]|[0,0,10,10]|1.0",
            "[0,0,10,10]|[5,5,15,15]|0.14285714285714285",
            "[0,0,10,10]|[9,9,20,20]|0.0",
            "[10,10,50,50]|[20,20,60,60]|0.391304347826087",
    })
    void a2IouExamples(String pred, String gt, double expected) {
        assertEquals(expected, score("iou", s("<think>t</think><answer>" + pred + "</answer>", json(gt))).score(), EPS);
    }

    @Test
    void a2IouEdgeCasesAndVariants() {
        assertEquals(0.0, score("iou", s("[0,0,10,10]", json("[0,0,10,10]"))).score(), "no <answer>");
        assertEquals(1.0 / 220, score("{type: iou, code_faithful: false}",
                s("<answer>[0,0,10,10]</answer>", json("[9,9,20,20]"))).score(), EPS, "plain IoU counts the 1-px overlap");
        assertEquals(0.0, score("iou", s("<answer>[0,0,0,0]</answer>", json("[0,0,0,0]"))).score(), "zero union → 0");
        assertEquals(0.0, score("{type: iou, threshold: 0.5}", s("<answer>[0,0,10,10]</answer>", json("[5,5,15,15]"))).score());
        assertEquals(1.0, score("{type: iou, threshold: 0.5}", s("<answer>[0,0,10,10]</answer>", json("[0,0,10,11]"))).score());
        // model-input coordinates rescaled with the image size from meta (Qwen2-VL grid × 14)
        RewardResult r = score("iou", s("<answer>[0,0,140,140]</answer>", json("[0,0,280,280]"),
                "{\"image_size\": [560, 560], \"image_grid_thw\": [1, 20, 20]}"));
        assertEquals(1.0, r.score(), EPS);
        assertEquals(1.0, score("iou", s("<answer>{\"bbox_2d\": [1,1,5,5]}</answer>",
                "<think>x</think><answer>[1,1,5,5]</answer>")).score(), "VLM-R1 solution text");
        assertEquals(Status.INVALID_INPUT, score("iou", s("<answer>[1,1,5,5]</answer>", "no box")).status());
        assertEquals(0.5, score("{type: iou, code_faithful: false, frame: per_mille}",
                s("<answer><|box_start|>(0,0),(500,1000)<|box_end|></answer>", json("[0,0,100,100]"),
                        "{\"image_size\": [100, 100]}")).score(), EPS);
    }

    // ---- A3 ----
    @Test
    void a3MapExamples() {
        String gt = det(box("[0,0,100,100]", "a"));
        assertEquals(1.0, score("od_map", s(det(box("[0,0,100,100]", "a")), gt)).score(), 1e-12);
        assertEquals(1.0, score("{type: od_map, metric: ap50}", s(det(box("[0,0,100,100]", "a")), gt)).score(), 1e-12);
        assertEquals(0.5, score("od_map", s(det(box("[0,0,100,72]", "a")), gt)).score(), 1e-12);
        assertEquals(1.0, score("{type: od_map, metric: ap50}", s(det(box("[0,0,100,72]", "a")), gt)).score(), 1e-12);
        assertEquals(0.5, score("od_map", s(det(box("[200,200,300,300]", "a") + "," + box("[0,0,100,100]", "a")), gt)).score(), 1e-12);
        assertEquals(1.0, score("od_map", s(det(box("[0,0,100,100]", "a") + "," + box("[200,200,300,300]", "a")), gt)).score(), 1e-12);
        String gt2 = det(box("[0,0,100,100]", "a") + "," + box("[200,200,300,300]", "a"));
        assertEquals(51.0 / 101, score("od_map", s(det(box("[0,0,100,100]", "a")), gt2)).score(), 1e-12);
    }

    @Test
    void a3MapRules() {
        String gt = det(box("[0,0,100,100]", "a"));
        assertEquals(0.0, score("od_map", s("```json\n[" + box("[0,0,100,100]", "a") + "]\n```", gt)).score(), "no <answer>");
        assertEquals(1.0, score("od_map", s("<answer>None</answer>", "<answer>None</answer>")).score());
        assertEquals(0.0, score("od_map", s("<answer>```json\n[{\"bbox_2d\": [0,0,1</answer>", gt)).score(), "malformed JSON");
        assertEquals(1.0, score("od_map", s("<answer>```json\n[]\n```</answer>", "<answer>```json\n[]\n```</answer>")).score());
        assertEquals(0.0, score("od_map", s(det(box("[0,0,100,100]", "b")), gt)).score(), "unknown labels are dropped");
        assertEquals(0.0, score("od_map", s("<answer>[" + box("[0,0,100,100]", "a") + "]</answer>", gt)).score(), "no fence");
        assertEquals(1.0, score("{type: od_map, code_faithful: false}",
                s("<answer>[" + box("[0,0,100,100]", "a") + "]</answer>", gt)).score(), 1e-12, "paper mode reads bare JSON");
        assertEquals(1.0, score("od_map", s(det(box("[0,0,100,100]", "a")),
                json("[{\"bbox_2d\": [0,0,100,100], \"label\": \"a\"}]"))).score(), 1e-12, "structured reference");
        assertEquals(Status.INVALID_INPUT, score("od_map", s(det(box("[0,0,1,1]", "a")), json("[{\"bbox_2d\": [0,0,1,1]}]"))).status());
    }

    // ---- A4 ----
    @Test
    void a4OdLengthExamples() {
        String gt2 = det(box("[0,0,100,100]", "a") + "," + box("[200,200,300,300]", "b"));
        String two = box("[0,0,100,100]", "a") + "," + box("[200,200,300,300]", "b");
        String junk = box("[5,5,6,6]", "zz") + "," + box("[7,7,8,8]", "zz");
        assertEquals(0.5, score("od_length", s(det(two + "," + junk), gt2)).score(), 1e-12);
        assertEquals(1.0, score("od_length", s(det(two), gt2)).score(), 1e-12);
        String gt1 = det(box("[0,0,100,100]", "a"));
        assertEquals(0.5 / 3, score("od_length", s(det(box("[0,0,100,72]", "a") + "," + junk), gt1)).score(), 1e-12);
        assertEquals(1.0, score("od_length", s("<answer>None</answer>", "<answer>None</answer>")).score());
    }

    // ---- A5 ----
    @Test
    void a5WeightedSumExamples() {
        String gt = det(box("[0,0,10,10]", "cat"));
        assertEquals(1.0, score("od_weighted_sum", s(det(box("[0,0,10,10]", "cat")), gt)).score(), EPS);
        assertEquals(0.925, score("od_weighted_sum", s(det(box("[0,0,10,10]", "cat") + "," + box("[50,50,60,60]", "dog")), gt)).score(), EPS);
        assertEquals(0.3, score("od_weighted_sum", s(det(box("[0,0,10,10]", "dog")), gt)).score(), EPS);
        String gt2 = det(box("[0,0,10,10]", "cat") + "," + box("[20,20,30,30]", "cat"));
        assertEquals(0.575, score("od_weighted_sum", s(det(box("[0,0,10,10]", "cat")), gt2)).score(), EPS);
        assertEquals(1.0, score("od_weighted_sum", s("<answer>None.</answer>", "<answer>None</answer>")).score());
        assertEquals(1.0, score("od_weighted_sum", s(det(box("[0,0,10,10]", "Cat")), gt)).score(), EPS, "labels ignore case");
    }

    // ---- A6 ----
    @Test
    void a6SmallRules() {
        assertEquals(1.0, score("{type: vlmr1_accuracy, rule: mcq}", s("<think>x</think><answer>The answer is B.</answer>", "<answer> B </answer>")).score());
        assertEquals(0.0, score("{type: vlmr1_accuracy, rule: mcq}", s("<answer>I am not sure</answer>", "B")).score());
        assertEquals("C", Vlmr1Accuracy.extractChoice("A is wrong. I think the correct one is C.", dev.arbiter.core.Deadline.none()).orElseThrow());
        assertEquals(1.0, score("{type: vlmr1_accuracy, rule: yes_no}", s("<answer>Yes, it is.</answer>", "yes")).score());
        assertEquals(1.0, score("{type: vlmr1_accuracy, rule: yes_no}", s("<answer>i don't know</answer>", "no")).score(),
                "quirk: 'know' contains 'no'");
        assertEquals(1.0, score("{type: vlmr1_accuracy, rule: yes_no}", s("<answer>maybe</answer>", "perhaps")).score(), "both missing");
        assertEquals(1.0, score("{type: vlmr1_accuracy, rule: all_match}", s("<answer>A Red\nApple.</answer>", "a red apple")).score());
        assertEquals(1.0, score("vlmr1_accuracy", s("<answer>3.0</answer>", "3")).score());
        assertEquals(0.0, score("vlmr1_accuracy", s("<answer>4</answer>", "3")).score());
        assertEquals(1.0, score("vlmr1_accuracy", s("<answer>The answer is B.</answer>", "B.")).score());
        assertEquals(0.0, score("vlmr1_accuracy", s("<answer>(B)</answer>", "B.")).score(), "a letter before a bracket is no choice");
        assertEquals(2.0 * 9 / 19, score("vlmr1_accuracy", s("<answer>red apple</answer>", "red apples")).score(), EPS,
                "Levenshtein ratio (InDel)");
    }

    @ParameterizedTest
    @CsvSource({"0,1.0", "512,0.75", "1024,0.5", "2048,1.0"})
    void a6CosineLength(int tokens, double expected) {
        assertEquals(expected, score("vlmr1_length", s("x", J.textNode("y"), "{\"response_length\": " + tokens + "}")).score(), EPS);
    }

    @Test
    void a6CosineLengthPaperBranch() {
        String gt = det(box("[0,0,10,10]", "cat"));
        assertEquals(-0.5, score("{type: vlmr1_length, code_faithful: false}",
                s(det(box("[50,50,60,60]", "cat")), J.textNode(gt), "{\"response_length\": 0}")).score(), EPS);
        assertEquals(1.0, score("{type: vlmr1_length, code_faithful: false}",
                s(det(box("[0,0,10,10]", "cat")), J.textNode(gt), "{\"response_length\": 0}")).score(), EPS);
        assertEquals(Status.INVALID_INPUT, score("vlmr1_length", s("x", "y")).status(), "no token count");
    }

    @Test
    void a6Repetition() {
        assertEquals(-(1 - 6.0 / 7), score("vlmr1_repetition", s("a b c d e f a b c d e f", "x")).score(), EPS);
        assertEquals(0.0, score("vlmr1_repetition", s("one two three four five six seven", "x")).score());
        assertEquals(0.0, score("vlmr1_repetition", s("", "x")).score());
        assertEquals(-0.5, score("vlmr1_repetition", s("```json\n[" + box("[1,2,3,4]", "a") + "," + box("[1,2,3,4]", "a") + "]\n```", "x")).score(), EPS);
    }

    // ---- A7 ----
    private static final String ONE_GT = "[[\"obj\", [0,0,100,100]]]";

    private static double vr1(String type, String pred, String gt, String meta) {
        return score(type, s("[{\"bbox_2d\": " + pred + ", \"label\": \"obj\"}]", json(gt), meta)).score();
    }

    @Test
    void a7Examples() {
        String meta = "{}";
        assertEquals(1.0, vr1("vision_r1_precision", "[0,0,100,100]", ONE_GT, meta), 1e-12);
        assertEquals(1.0, vr1("vision_r1_recall", "[0,0,100,100]", ONE_GT, meta), 1e-12);
        assertEquals(1.0, score("vision_r1_format", s("[{\"bbox_2d\": [0,0,100,100], \"label\": \"obj\"}]", json(ONE_GT))).score());
        assertEquals(0.6, vr1("vision_r1_precision", "[0,0,100,60]", ONE_GT, meta), 1e-12);
        assertEquals(1.0, vr1("vision_r1_recall", "[0,0,100,60]", ONE_GT, meta), 1e-12);
        assertEquals(0.4, vr1("vision_r1_precision", "[0,0,100,40]", ONE_GT, meta), 1e-12);
        assertEquals(0.0, vr1("{type: vision_r1_precision, progressive: true}", "[0,0,100,40]", ONE_GT, "{\"global_step\": 10}"), 1e-12);
        assertEquals(0.0, vr1("vision_r1_recall", "[0,0,100,40]", ONE_GT, meta), 1e-12);
        assertEquals(1.0 / 3, vr1("vision_r1_precision", "[50,0,150,100]", ONE_GT, meta), 1e-12);
        assertEquals(0.0, vr1("vision_r1_precision", "[0,0,50,50]", "[[\"obj\", [100,0,150,50]]]", meta), 1e-12);
        String twoGt = "[[\"obj\", [0,0,100,100]], [\"obj\", [200,200,300,300]]]";
        assertEquals(1.0, vr1("vision_r1_precision", "[0,0,100,100]", twoGt, meta), 1e-12);
        assertEquals(0.5, vr1("vision_r1_recall", "[0,0,100,100]", twoGt, meta), 1e-12);
        assertEquals(0.5, vr1("{type: vision_r1_recall, progressive: true}", "[0,0,100,100]", twoGt, "{\"global_step\": 0}"), 1e-12);
        // num_instances = 0
        assertEquals(1.0, score("vision_r1_precision", s("[]", json("[]"))).score());
        assertEquals(1.0, score("vision_r1_recall", s("[]", json("[]"))).score());
        assertEquals(0.0, score("vision_r1_format", s("[]", json("[]"))).score());
        assertEquals(1.0, score("vision_r1_format", s("none", json("[]"))).score());
    }

    @Test
    void a7ProgressiveScheduleAndInputs() {
        // GIoU 0.8: early (0.5, 0.75) → 1; late (0.75, 0.9) → 0.8
        assertEquals(1.0, vr1("{type: vision_r1_precision, progressive: true}", "[0,0,100,80]", ONE_GT, "{\"global_step\": 1499}"), 1e-12);
        assertEquals(0.8, vr1("{type: vision_r1_precision, progressive: true}", "[0,0,100,80]", ONE_GT, "{\"global_step\": 1500}"), 1e-12);
        assertEquals(Status.INVALID_INPUT, score("{type: vision_r1_precision, progressive: true}",
                s("[{\"bbox_2d\": [0,0,1,1], \"label\": \"obj\"}]", json(ONE_GT))).status(), "no step");
        // model-input coordinates: 50×50 input of a 100×100 image
        assertEquals(1.0, vr1("vision_r1_precision", "[0,0,50,50]", ONE_GT, "{\"image_size\": [100,100], \"input_size\": [50,50]}"), 1e-12);
        // fallback text pattern and fenced JSON
        assertEquals(1.0, score("vision_r1_precision", s("junk {\"bbox_2d\": [0, 0, 100, 100], \"label\": \"obj\"} junk", json(ONE_GT))).score(), 1e-12);
        assertEquals(1.0, score("vision_r1_precision", s("```json\n[{\"bbox_2d\": [0,0,100,100], \"label\": \"obj\"}]\n```\ntrailing", json(ONE_GT))).score(), 1e-12);
        // Hungarian: two predictions, two GT, crossed order
        String twoGt = "[[\"a\", [0,0,100,100]], [\"b\", [200,200,300,300]]]";
        RewardResult r = score("vision_r1_recall", s("[{\"bbox_2d\": [200,200,300,300], \"label\": \"b\"}, {\"bbox_2d\": [0,0,100,100], \"label\": \"a\"}]", json(twoGt)));
        assertEquals(1.0, r.score(), 1e-12);
    }

    // ---- A12 chart (ChartQA relaxed accuracy) ----
    @Test
    void chartRelaxedAccuracy() {
        assertEquals(1.0, score("chart_relaxed", s("<answer>41.5%</answer>", "42")).score());
        assertEquals(0.0, score("chart_relaxed", s("<answer>39</answer>", "42")).score());
        assertEquals(1.0, score("chart_relaxed", s("<answer>1,050</answer>", "1000")).score());
        assertEquals(1.0, score("chart_relaxed", s("The answer: <answer> Blue </answer>", "blue")).score());
        assertEquals(0.0, score("chart_relaxed", s("<answer>0.1</answer>", "0")).score());
    }

    // ---- A13 ----
    @Test
    void dipR1() {
        assertEquals(1.0, score("dip_r1_format", s(" <scene>a</scene>\n<observe>b</observe> <decide>c</decide>\n<answer>d</answer> ", "x")).score());
        assertEquals(0.0, score("dip_r1_format", s("<scene>a</scene><observe> </observe><decide>c</decide><answer>d</answer>", "x")).score());
        assertEquals(0.0, score("dip_r1_format", s("<scene>a</scene><decide>c</decide><answer>d</answer>", "x")).score());
        String gt = "[{\"bbox_2d\": [0,0,10,10], \"label\": \"a\"}, {\"bbox_2d\": [20,20,30,30], \"label\": \"a\"}]";
        // one of two found, plus one false positive: P = 1/2, R = 1/2
        assertEquals(0.5, score("dip_r1_precision_recall", s("<answer>[{\"bbox_2d\": [0,0,10,10], \"label\": \"a\"}, {\"bbox_2d\": [50,50,60,60], \"label\": \"a\"}]</answer>", json(gt))).score(), EPS);
        // one of two found, no false positive: P = 1, R = 1/2 → 0.7·1 + 0.3·0.5
        assertEquals(0.85, score("{type: dip_r1_precision_recall, weight: 0.7}", s("<answer>[[0,0,10,10]]</answer>", json(gt))).score(), EPS);
        assertEquals(0.0, score("dip_r1_precision_recall", s("<answer>[{\"bbox_2d\": [0,0,10,10], \"label\": \"b\"}]</answer>", json(gt))).score(), EPS);
        assertEquals(1.0, score("dip_r1_precision_recall", s("<answer>none</answer>", json("[]"))).score());
    }

    // ---- A14 ----
    @Test
    void a14SophiaExamples() {
        assertEquals(1.0, score("{type: sophiavl_outcome, rule: ocr}", s("<think>r</think><answer>hello world</answer>", "hello world")).score(), EPS);
        assertEquals(Math.exp(-0.5), score("{type: sophiavl_outcome, rule: ocr}", s("<think>r</think><answer>hello there</answer>", "hello world")).score(), EPS);
        assertEquals(0.606531, Math.exp(-0.5), 1e-6);
        assertEquals(1.0, score("{type: sophiavl_outcome, rule: choice}", s("<think>r</think><answer>C, A</answer>", json("[\"A\", \"C\"]"))).score());
        assertEquals(0.0, score("{type: sophiavl_outcome, rule: choice}", s("<think>r</think><answer>A</answer>", json("[\"A\", \"C\"]"))).score());
        assertEquals(0.0, score("{type: sophiavl_outcome, rule: text}", s("<answer>A man</answer>", "A man")).score(), "no <think>");
        // text references: code-faithful string semantics vs comma-split list
        assertEquals(1.0, score("{type: sophiavl_outcome, rule: choice}", s("<think>r</think><answer>A, C</answer>", "AC")).score());
        assertEquals(0.0, score("{type: sophiavl_outcome, rule: choice}", s("<think>r</think><answer>A, C</answer>", "A,C")).score());
        assertEquals(1.0, score("{type: sophiavl_outcome, rule: choice, code_faithful: false}", s("<think>r</think><answer>A, C</answer>", "A,C")).score());
        assertEquals(1.0, score("{type: sophiavl_outcome, rule: choice}", s("<think>r</think><answer>$A$</answer>", "<answer>A</answer>")).score());
        RewardResult text = score("sophiavl_outcome", s("<think>r</think><answer>The quick brown fox jumps over the lazy dog</answer>",
                "The quick brown dog jumps on the log."));
        assertEquals(0.5202614379084968, text.score(), 1e-15);
        assertTrue(score("{type: sophiavl_outcome, rule: ocr}", s("<think>r</think><answer>x</answer>", " ")).status() == Status.INVALID_INPUT);
    }
}
