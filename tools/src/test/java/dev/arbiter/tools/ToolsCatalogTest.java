package dev.arbiter.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Status;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformRegistry;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.SpecNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.arbiter.tools.ToolSamples.json;
import static dev.arbiter.tools.ToolSamples.s;
import static dev.arbiter.tools.ToolSamples.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reward catalog's worked examples (A8, A9, A15, B8, B11) and Chain-of-Focus's code, one test each. */
class ToolsCatalogTest {
    private static final double EPS = 1e-9;

    private static String call(String... tools) {
        return "<think>r</think>\n<tool_call>\n" + String.join("\n", tools) + "\n</tool_call>";
    }

    private static final String WEATHER = "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\", \"unit\": \"C\"}}";
    private static final String GT = "<tool_call>\n" + WEATHER + "\n</tool_call>";

    // ---- A8 ----
    @Test
    void a8CorrectnessExamples() {
        assertEquals(3.0, score("toolrl_correctness", s(call(WEATHER), GT)).score(), EPS);
        assertEquals(1.5, score("toolrl_correctness", s(call("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\", \"unit\": \"F\"}}"), GT)).score(), EPS);
        assertEquals(0.75, score("toolrl_correctness", s(call("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}"), GT)).score(), EPS);
        assertEquals(-3.0, score("toolrl_correctness", s(call("{\"name\": \"get_time\", \"parameters\": {\"city\": \"Paris\", \"unit\": \"C\"}}"), GT)).score(), EPS);
        String gt2 = "<tool_call>\n{\"name\": \"a\", \"parameters\": {\"x\": 1}}\n{\"name\": \"b\", \"parameters\": {\"y\": 2}}\n</tool_call>";
        assertEquals(0.0, score("toolrl_correctness", s(call("{\"name\": \"a\", \"parameters\": {\"x\": 1}}"), gt2)).score(), EPS);
    }

    @Test
    void a8CorrectnessRulesAndVariants() {
        assertEquals(0.0, score("toolrl_correctness", s("<think>r</think>\n<response>hi</response>", "<response>hello</response>")).score());
        assertEquals(-3.0, score("toolrl_correctness", s("<think>r</think>\n<tool_call>\nnot json\n</tool_call>", GT)).score());
        assertEquals(-3.0, score("toolrl_correctness", s("<think>r</think>", GT)).score(), "no tool_call");
        assertEquals(3.0, score("toolrl_correctness", s(call("{\"parameters\": {\"unit\": \"C\", \"city\": \"Paris\"}, \"name\": \"get_weather\"}"), GT)).score(),
                "dicts compare without key order");
        assertEquals(3.0, score("toolrl_correctness", s(call("{\"name\": \"f\", \"parameters\": {\"n\": 1.0}}"),
                "<tool_call>\n{\"name\": \"f\", \"parameters\": {\"n\": 1}}\n</tool_call>")).score(), "1 == 1.0 as in Python");
        assertEquals(-3.0, score("{type: toolrl_correctness, coarse: true}", s(call("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}"), GT)).score());
        // refined: keys [city] vs [city, unit] → 0; score 1 + 0 + 1 = 2 of 4 → 0
        assertEquals(0.0, score("{type: toolrl_correctness, refined: true}", s(call("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}"), GT)).score(), EPS);
        // intermediate: local max 2, name match 1, no fully equal call → 1/2 → 0
        assertEquals(0.0, score("{type: toolrl_correctness, intermediate: true}", s(call("{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}"), GT)).score(), EPS);
        assertEquals(1.0, score("{type: toolrl_correctness, correct_max1: true}", s(call(WEATHER), GT)).score(), EPS);
        assertEquals(Status.INVALID_INPUT, score("toolrl_correctness", s(call(WEATHER), "<tool_call>\nbroken\n</tool_call>")).status());
        assertEquals(3.0, score("{type: toolrl_correctness, chat_template: qwen}",
                s("<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n" + call(WEATHER) + "<|im_end|>", GT)).score(), EPS);
    }

    @Test
    void a8FormatExamples() {
        assertEquals(1.0, score("toolrl_format", s(call(WEATHER), GT)).score());
        assertEquals(0.0, score("toolrl_format", s(call(WEATHER) + " ", GT)).score(), "trailing space");
        assertEquals(1.0, score("toolrl_format", s(call(WEATHER) + "\n", GT)).score(), "one final newline is tolerated ($)");
        assertEquals(1.0, score("toolrl_format", s("<think>r</think>\n<response>hi</response>", "<response>x</response>")).score());
        assertEquals(1.0, score("toolrl_format", s("<think>r</think>", "plain")).score());
        assertEquals(1.0, score("toolrl_format", s(call(WEATHER) + "\n<response>done</response>", GT + "<response>x</response>")).score());
    }

    @ParameterizedTest
    @CsvSource({"0,-2,2,-2,2", "75,-1,1.5,-2.5,2.5", "150,-1,1,-3,3", "300,-1,1,-3,3"})
    void a8ScheduleBounds(long step, double fMin, double fMax, double cMin, double cMax) {
        ToolRl.Scale scale = new ToolRl.Scale(true, false, false);
        assertEquals(new ToolRl.Bounds(fMin, fMax), scale.format(step));
        assertEquals(new ToolRl.Bounds(cMin, cMax), scale.correctness(step));
        String meta = "{\"global_step\": " + step + "}";
        assertEquals(fMax, score("{type: toolrl_format, schedule_reward: true}", s(call(WEATHER), GT, meta)).score(), EPS);
        assertEquals(fMin, score("{type: toolrl_format, schedule_reward: true}", s("bad", GT, meta)).score(), EPS);
        assertEquals(cMin, score("{type: toolrl_correctness, schedule_reward: true}", s("bad", GT, meta)).score(), EPS);
    }

    @Test
    void a8Max1Step30Max3AndLength() {
        ToolRl.Scale s = new ToolRl.Scale(false, true, false);
        assertEquals(new ToolRl.Bounds(-1, 1), s.correctness(29));
        assertEquals(new ToolRl.Bounds(-3, 3), s.correctness(30));
        assertEquals(new ToolRl.Bounds(0, 1), s.format(29));
        assertEquals(new ToolRl.Bounds(0, 0.5), s.format(30));
        assertEquals(0.5, score("toolrl_length", s("<think>" + "w ".repeat(256) + "</think>", "x")).score(), EPS);
        assertEquals(1.0, score("toolrl_length", s("<think>" + "w ".repeat(700) + "</think>", "x")).score(), EPS);
        assertEquals(0.0, score("toolrl_length", s("no think", "x")).score());
        assertEquals(0.12, ToolRl.round2(0.125), 0.0, "Python's round: ties to even on the binary value");
    }

    // ---- A9 ----
    private static final String ROUTE = "<think>need facts</think><search>qwen: who wrote Hamlet</search>"
            + "<information>Shakespeare</information><think>so</think><answer>William Shakespeare</answer>";

    @Test
    void a9CostWindowSequence() {
        CostWindow w = CostWindow.routerR1();
        assertEquals(0.5, w.push(100), EPS);
        assertEquals(0.0, w.push(400), EPS);
        assertEquals(1.0, w.push(100), EPS);
        assertEquals(0.0, w.push(900), EPS);
        CostWindow restored = CostWindow.restore(w.save());
        assertEquals(w.save(), restored.save());
        assertEquals(w.push(256), restored.push(256), 0.0, "a restored window continues identically");
        assertThrows(IllegalArgumentException.class, () -> w.push(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> w.push(-1));
    }

    @Test
    void incrementalWindowEqualsRecomputingFromScratch() {
        CostWindow w = new CostWindow(50, 0.05, 0.95, CostWindow.Transform.SQRT, 0.01);
        java.util.ArrayDeque<Double> naive = new java.util.ArrayDeque<>();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 500; i++) {
            double cost = r.nextInt(4) == 0 ? 100 : r.nextDouble() * 1000;
            naive.addLast(Math.sqrt(cost));
            if (naive.size() > 50) {
                naive.removeFirst();
            }
            double[] sorted = naive.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double u = Math.sqrt(cost);
            double lo = sorted.length >= 2 ? CostWindow.percentile(sorted, 5) : sorted[0];
            double hi = sorted.length >= 2 ? CostWindow.percentile(sorted, 95) : sorted[sorted.length - 1];
            double expected = hi - lo < 1e-8 ? 0.5 : 1 - Math.max(0, Math.min(1, (u - lo) / (hi - lo)));
            assertEquals(expected, w.push(cost), 0.0, "push " + i);
        }
        assertEquals(50, w.size());
    }

    @Test
    void numpyPercentileIsReproduced() {
        double[] a = {10, 10, 20, 30};
        assertEquals(10.0, CostWindow.percentile(a, 5), 0.0);
        assertEquals(28.499999999999996, CostWindow.percentile(a, 95), 0.0, "numpy's own rounding");
        assertEquals(6.699999999999999, CostWindow.percentile(new double[] {1, 2, 3, 4, 5, 6, 7}, 95), 0.0);
        assertEquals(1.725, CostWindow.percentile(new double[] {1.5, 2.25, 3, 4.75, 5, 6, 7}, 5), 0.0);
        assertEquals(10.5, CostWindow.percentile(new double[] {10, 20}, 5), 0.0);
        assertEquals(19.5, CostWindow.percentile(new double[] {10, 20}, 95), 0.0);
    }

    @Test
    void a9OutcomeExamples() {
        assertEquals(1.0, score("router_r1", s(ROUTE, "William Shakespeare")).score(), EPS);
        assertEquals(0.94, score("{type: router_r1, cost_coe: 0.3}", s(ROUTE, "William Shakespeare", "{\"cost_score\": 0.8}")).score(), EPS);
        assertEquals(0.0, score("{type: router_r1, cost_coe: 0.3}", s(ROUTE, "Marlowe", "{\"cost_score\": 0.8}")).score(), EPS);
        assertEquals(-1.0, score("router_r1", s(ROUTE.replace("</answer>", ""), "William Shakespeare")).score(), "missing </answer>");
        assertEquals(-1.0, score("router_r1", s(ROUTE.replace("qwen: who wrote Hamlet", "qwen: "), "William Shakespeare")).score(), "empty query");
        assertEquals(-1.0, score("router_r1", s(ROUTE.replace("qwen:", "gpt5:"), "William Shakespeare")).score(), "unknown model");
        assertEquals(-1.0, score("router_r1", s(ROUTE.replace("qwen: who", "qwen: qwen who"), "William Shakespeare")).score(), "name in query");
        assertEquals(-1.0, score("router_r1", s("<think>x</think>", "y")).score(), EPS, "no answer block is a format violation");
        assertEquals(0.8, score("{type: router_r1, metric: f1}", s(ROUTE.replace("William Shakespeare", "Shakespeare"), "William Shakespeare")).score() * 1.2, EPS);
        assertEquals(Status.INVALID_INPUT, score("{type: router_r1, cost_coe: 0.3}", s(ROUTE, "William Shakespeare")).status());
    }

    @Test
    void a9CostTransformRecomputesTheRewardStatefully() {
        GroupTransformRegistry reg = GroupTransformRegistry.fromServiceLoader();
        GroupTransform t = reg.build(new SpecNode("test", "", json("{\"type\": \"router_r1_cost\", \"cost_coe\": 0.3}"), Map.of()),
                RewardRegistry.fromServiceLoader());
        assertTrue(t instanceof GroupTransform.Stateful);
        RewardResult correct = score("router_r1", s(ROUTE, "William Shakespeare"));
        RewardResult wrong = score("router_r1", s(ROUTE, "Marlowe"));
        List<GroupMember> g1 = List.of(new GroupMember(s(ROUTE, "W", "{\"api_cost\": 100}"), correct));
        assertEquals(0.7 + 0.5 * 0.3, t.apply(g1, 0).values()[0], EPS, "group of one: c = 0.5");
        GroupOutcome o = t.apply(List.of(
                new GroupMember(s(ROUTE, "W", "{\"api_cost\": 400}"), correct),
                new GroupMember(s(ROUTE, "W", "{\"api_cost\": 100}"), correct),
                new GroupMember(s(ROUTE, "W", "{\"api_cost\": 900}"), wrong),
                new GroupMember(s(ROUTE, "W", "{}"), correct),
                new GroupMember(s(ROUTE, "W", "{\"api_cost\": \"NaN\"}"), correct),
                new GroupMember(s(ROUTE, "W", "{\"api_cost\": 1}"), RewardResult.invalidInput("x"))), 0);
        assertEquals(0.7, o.values()[0], EPS, "c = 0");
        assertEquals(1.0, o.values()[1], EPS, "c = 1");
        assertEquals(0.0, o.values()[2], EPS, "wrong answers get no cost term");
        assertTrue(Double.isNaN(o.values()[3]) && Double.isNaN(o.values()[4]) && Double.isNaN(o.values()[5]));
        JsonNode state = ((GroupTransform.Stateful) t).saveState();
        assertEquals(5, state.get("values").size());
        ((GroupTransform.Stateful) t).restoreState(CostWindow.routerR1().save());
        assertEquals(0, ((GroupTransform.Stateful) t).saveState().get("values").size());
    }

    // ---- A15 ----
    @Test
    void a15CarlExamples() {
        assertEquals(0.2, carl("{\"route_completion_delta\": 0.2}"), EPS);
        assertEquals(0.1, carl("{\"route_completion_delta\": 0.2, \"speed\": 11.115, \"speed_limit\": 10}"), EPS);
        assertEquals(0.2 * 0.5 * (1 - 0.5 * 2 / 6.0), carl("{\"route_completion_delta\": 0.2, \"ttc_violation\": true, \"comfort_violations\": 2}"), EPS);
        assertEquals(0.083333, carl("{\"route_completion_delta\": 0.2, \"ttc_violation\": true, \"comfort_violations\": 2}"), 1e-6);
        assertEquals(0.0, carl("{\"route_completion_delta\": 0.2, \"outside_route_lanes\": true}"), EPS);
        assertEquals(-0.95, carl("{\"route_completion_delta\": 0.05, \"termination\": \"collision\"}"), EPS);
        assertEquals(0.05, carl("{\"route_completion_delta\": 0.05, \"termination\": \"route_deviation\"}"), EPS);
        assertEquals(0.1, carl("{\"route_completion\": 45.3, \"route_completion_prev\": 45.2, \"lane_distance_violation_frames\": 31}") * 2, 1e-9);
        assertEquals((5 * 0.2 + 5 * 0.05 + 4 * 0.05 + 2 * 0.05) / 16,
                score("{type: carl_route, single_reward: false}", s("a", (String) null, "{\"route_completion_delta\": 0.2}")).score(), EPS);
        assertEquals(Status.INVALID_INPUT, score("carl_route", s("a", (String) null, "{\"route_completion_delta\": 0.2, \"termination\": \"meteor\"}")).status());
        assertEquals(Status.INVALID_INPUT, score("carl_route", s("a", (String) null, "{}")).status());
    }

    private static double carl(String meta) {
        return score("carl_route", s("step", (String) null, meta)).score();
    }

    // ---- B11 ----
    @Test
    void b11SpaRlScriptExample() {
        String meta = "{\"final_reward\": 1.0, \"group_final_rewards\": [1.0, 0.0, 0.5, 0.5],"
                + " \"observations\": [\"You see a shelf.\", \"Nothing happens.\", \"Done.\"]}";
        RewardResult r = score("{type: spa_rl_step, step_weighting: none}", s("t", (String) null, meta));
        @SuppressWarnings("unchecked")
        List<Double> steps = (List<Double>) r.details().get("step_rewards");
        assertEquals(1.0 + 2.0 / 3 - 1.0 + 0.5, steps.get(0), 1e-4);
        assertEquals(1.1667, steps.get(0), 1e-4);
        assertEquals(0.6667, steps.get(1), 1e-4);
        assertEquals(1.1667, steps.get(2), 1e-4);
        RewardResult placed = score("spa_rl_step", s("t", (String) null, meta));
        @SuppressWarnings("unchecked")
        List<Double> tokens = (List<Double>) placed.details().get("placed_rewards");
        assertEquals(2.3333, tokens.get(0), 1e-4);
        assertEquals(0.6667, tokens.get(1), 1e-4);
        assertEquals(0.0, tokens.get(2), 1e-12);
        assertEquals(3.0, placed.score(), 1e-9, "without step_index: the sum of placed rewards");
        assertEquals(0.6667, score("spa_rl_step", s("t", (String) null, meta.replace("}", ", \"step_index\": 1}"))).score(), 1e-4);
    }

    @Test
    void b11SpaRlPaperModeAndLimits() {
        String meta = "{\"final_reward\": 1.0, \"turn_values\": [0.2, 0.3, 0.5], \"grounded\": [true, false, false]}";
        RewardResult r = score("{type: spa_rl_step, code_faithful: false, step_weighting: none}", s("t", (String) null, meta));
        assertEquals(List.of(0.7, 0.3, 1.0), r.details().get("step_rewards"));
        assertEquals(Status.INVALID_INPUT, score("{type: spa_rl_step, code_faithful: false}",
                s("t", (String) null, "{\"final_reward\": 1.0, \"grounded\": [true]}")).status(), "no progress estimates");
        assertEquals(Status.INVALID_INPUT, score("spa_rl_step",
                s("t", (String) null, "{\"final_reward\": 1.0, \"other_final_rewards\": [], \"num_steps\": 35, \"grounded\": []}")).status());
        assertEquals(1.5, score("{type: spa_rl_step, step_weighting: none}",
                s("t", (String) null, "{\"final_reward\": 1.0, \"other_final_rewards\": [], \"grounded\": [false]}")).score(), EPS,
                "no other rollouts: the constant is the final reward");
    }

    // ---- Chain-of-Focus ----
    @Test
    void chainOfFocus() {
        assertEquals(1.0, score("chain_of_focus", s("<think>look</think><tool_call>zoom</tool_call><think>ok</think><answer>red</answer>",
                "red", "{\"judge\": 1}")).score(), EPS);
        assertEquals(0.9, score("chain_of_focus", s("<answer>red</answer>", "red", "{\"judge\": \"Judgement: 1\"}")).score(), EPS);
        assertEquals(0.1, score("chain_of_focus", s("<think>a</think><answer>blue</answer>", "red", "{\"judge\": \"unclear\"}")).score(), EPS);
        assertEquals(Status.INVALID_INPUT, score("chain_of_focus", s("<think>a</think><answer>b</answer>", "red", "{}")).status());
        assertEquals(1.0, score("{type: chain_of_focus, variant: rule}", s("<think>a</think> <think>b</think><answer>The car is red</answer><|im_end|>", "red")).score(), EPS);
        assertEquals(0.9, score("{type: chain_of_focus, variant: rule}", s("preamble <think>a</think><answer>reddish</answer>", "red")).score(), EPS);
        assertEquals(0.1, score("{type: chain_of_focus, variant: rule}", s("<think>a</think><answer>a blue bus</answer>", "the red car")).score(), EPS);
        assertEquals(1.0, ChainOfFocus.f1Score("red car left", "red car"), 0.0, "containment counts as 1");
        assertEquals(0.5, ChainOfFocus.f1Score("blue car", "red car"), 1e-12, "token F1 otherwise");
    }

    // ---- B8 ----
    @Test
    void b8WbRewardExamples() {
        assertEquals(1.0, wb("{\"judge\": {\"choice\": \"B++\", \"test_model\": \"B\"}}", 10, 10, -1));
        assertEquals(0.0, wb("{\"judge\": {\"choice\": \"A+\", \"test_model\": \"A\"}}", 1600, 1000, 500));
        assertEquals(0.5, wb("{\"judge\": {\"choice\": \"A+\", \"test_model\": \"A\"}}", 1600, 1000, -1));
        assertEquals(0.0, wb("{\"judge\": {\"choice\": \"B+\", \"test_model\": \"A\"}}", 800, 1500, 500));
        assertEquals(-0.5, wb("{\"judge\": {\"choice\": \"B+\", \"test_model\": \"A\"}}", 800, 1200, 500));
        assertEquals(1.0, wb("{\"judge\": {\"choice\": \"A++\", \"test_model\": \"A\"}}", 5000, 10, 100), "decisive wins never change");
        assertEquals(-1.0, wb("{\"judge\": {\"winner\": \"reference\", \"extent\": 2}}", 10, 10, -1));
        assertEquals(0.5, wb("{\"judge\": \"```json\\n{\\\"analysis\\\": \\\"...\\\", \\\"choice\\\": \\\"B+\\\"}\\n```\", \"test_model\": \"B\"}", 10, 10, -1));
    }

    @Test
    void b8SpecialOutputs() {
        String judge = "{\"judge\": {\"choice\": \"A++\", \"test_model\": \"A\"}}";
        assertEquals(-1.0, score("wb_reward", s("  ", "ref", judge)).score(), "an empty test output loses much");
        assertEquals(0.0, score("wb_reward", s("", "", judge)).score());
        assertEquals(0.0, score("wb_reward", s("long answer ... (truncated)", "ref", judge)).score(), "skipped: 0 in the mean");
        assertEquals(Status.INVALID_INPUT, score("{type: wb_reward, code_faithful: false}", s("x", "[This model response is empty.]", judge)).status());
        assertEquals(Status.INVALID_INPUT, score("wb_reward", s("x", "ref", "{\"judge\": {\"choice\": \"A>B\", \"test_model\": \"A\"}}")).status());
        assertEquals(Status.INVALID_INPUT, score("wb_reward", s("x", "ref", "{\"judge\": {\"choice\": \"A+\"}}")).status(), "side unknown");
        assertEquals("é".repeat(3).codePointCount(0, 3), 3);
    }

    @Test
    void b8WbScoreAndMacro() {
        assertEquals(5.0, score("wb_score", s("a", (String) null, "{\"judge\": 7.5}")).score(), EPS);
        assertEquals(-8.0, score("wb_score", s("a", (String) null, "{\"judge\": {\"score\": 1}}")).score(), EPS);
        assertEquals(10.0, score("wb_score", s("a", (String) null, "{\"judge\": \"{\\\"strengths\\\": \\\"x\\\", \\\"score\\\": \\\"10\\\"}\"}")).score(), EPS);
        assertEquals(0.0, score("wb_score", s("a", (String) null, "{\"judge\": \"5\"}")).score(), EPS);
        assertEquals(Status.INVALID_INPUT, score("wb_score", s("a", (String) null, "{\"judge\": 11}")).status());
        assertEquals(Status.INVALID_INPUT, score("wb_score", s("a", (String) null, "{\"judge\": \"great\"}")).status());
        assertEquals((0.5 * 1.0 + 1.25 * 0.5) / 4.75,
                WildBench.WildBenchMacro.macro(Map.of("Creative Tasks", 1.0, "Coding & Debugging", 0.5)), EPS);
        assertThrows(IllegalArgumentException.class, () -> WildBench.WildBenchMacro.macro(Map.of("Other", 1.0)));
    }

    private static double wb(String meta, int testLen, int refLen, int k) {
        return score("{type: wb_reward, k: " + k + "}", s("t".repeat(testLen), "r".repeat(refLen), meta)).score();
    }
}
