package dev.arbiter.tools;

import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;

import java.util.List;

import static dev.arbiter.tools.ToolSamples.json;
import static dev.arbiter.tools.ToolSamples.s;

/** Every tools type under the shared reward contract. */
class ContractTests {
    static final String GT = "<tool_call>\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\", \"unit\": \"C\"}}\n</tool_call>";
    static final String GOOD = "<think>r</think>\n<tool_call>\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\", \"unit\": \"C\"}}\n</tool_call>";
    static final String PART = "<think>r</think>\n<tool_call>\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}\n</tool_call>";
    static final String ROUTE = "<think>need facts</think><search>qwen: who wrote Hamlet</search>"
            + "<information>Shakespeare</information><think>so</think><answer>William Shakespeare</answer>";

    @Nested
    class FormatContract extends RewardContractTest {
        @Override protected String spec() { return "toolrl_format"; }
        @Override protected String otherSpec() { return "{type: toolrl_format, schedule_reward: true}"; }
        @Override protected String expectedSignature() {
            return "toolrl_format@1(schedule_reward=no,max1_step30_max3=no,chat_template=none)";
        }
        @Override protected List<Sample> samples() { return List.of(s(GOOD, GT), s(GOOD + " ", GT)); }
    }

    @Nested
    class CorrectnessContract extends RewardContractTest {
        @Override protected String spec() { return "toolrl_correctness"; }
        @Override protected String otherSpec() { return "{type: toolrl_correctness, coarse: true}"; }
        @Override protected String expectedSignature() {
            return "toolrl_correctness@1(schedule_reward=no,max1_step30_max3=no,chat_template=none,correct_max1=no,coarse=no,refined=no,intermediate=no)";
        }
        @Override protected double minScore() { return -3; }
        @Override protected double maxScore() { return 3; }
        @Override protected List<Sample> samples() { return List.of(s(GOOD, GT), s(PART, GT), s("no call", GT)); }
    }

    @Nested
    class LengthContract extends RewardContractTest {
        @Override protected String spec() { return "toolrl_length"; }
        @Override protected String otherSpec() { return "{type: toolrl_length, schedule_length: true}"; }
        @Override protected String expectedSignature() { return "toolrl_length@1(schedule_length=no,chat_template=none)"; }
        @Override protected List<Sample> samples() { return List.of(s(GOOD, GT), s("<think>" + "w ".repeat(600) + "</think>", GT)); }
    }

    @Nested
    class RouterContract extends RewardContractTest {
        @Override protected String spec() { return "router_r1"; }
        @Override protected String otherSpec() { return "{type: router_r1, metric: f1}"; }
        @Override protected String expectedSignature() { return "router_r1@1(metric=em,cost_coe=0)"; }
        @Override protected double minScore() { return -1; }
        @Override protected List<Sample> samples() {
            return List.of(s(ROUTE, "William Shakespeare"), s(ROUTE, "Marlowe"), s("<answer>x", "y"));
        }
    }

    @Nested
    class CarlContract extends RewardContractTest {
        @Override protected String spec() { return "carl_route"; }
        @Override protected String otherSpec() { return "{type: carl_route, single_reward: false}"; }
        @Override protected String expectedSignature() {
            return "carl_route@1(single_reward=yes,speeding=yes,max_overspeed=2.23,ttc=yes,comfort=yes,lane_centering=yes,"
                    + "lane_frames=30,min_speed=no,action_change=no,terminal_reward=0,terminal_hint=1,rl_termination_hint=yes)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -2; }
        @Override protected double maxScore() { return 100; }
        @Override protected List<Sample> samples() {
            return List.of(s("step", (String) null, "{\"route_completion_delta\": 0.2}"),
                    s("step", (String) null, "{\"route_completion_delta\": 0.05, \"termination\": \"collision\"}"));
        }
    }

    @Nested
    class SpaContract extends RewardContractTest {
        @Override protected String spec() { return "spa_rl_step"; }
        @Override protected String otherSpec() { return "{type: spa_rl_step, step_weighting: none}"; }
        @Override protected String expectedSignature() {
            return "spa_rl_step@1(code_faithful=yes,step_weighting=linear_decay,max_steps=35,grounding=0.5,no_effect_marker=\"Nothing happens\")";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -100; }
        @Override protected double maxScore() { return 100; }
        @Override protected List<Sample> samples() {
            return List.of(s("trajectory", (String) null, "{\"final_reward\": 1.0, \"other_final_rewards\": [0, 0.5, 0.5],"
                    + " \"observations\": [\"ok\", \"Nothing happens.\"], \"num_steps\": 3}"),
                    s("trajectory", (String) null, "{\"final_reward\": 0.0, \"group_final_rewards\": [0.0], \"grounded\": [true]}"));
        }
    }

    @Nested
    class CofContract extends RewardContractTest {
        @Override protected String spec() { return "{type: chain_of_focus, variant: rule}"; }
        @Override protected String otherSpec() { return "chain_of_focus"; }
        @Override protected String expectedSignature() { return "chain_of_focus@1(variant=rule,accuracy_weight=0.9,format_weight=0.1)"; }
        @Override protected List<Sample> samples() {
            return List.of(s("<think>zoom</think><answer>red</answer>", "red"), s("<think>z</think><answer>blue car</answer>", "a red car"));
        }
    }

    @Nested
    class WbRewardContract extends RewardContractTest {
        @Override protected String spec() { return "wb_reward"; }
        @Override protected String otherSpec() { return "{type: wb_reward, k: 500}"; }
        @Override protected String expectedSignature() { return "wb_reward@1(k=-1,code_faithful=yes)"; }
        @Override protected double minScore() { return -1; }
        @Override protected List<Sample> samples() {
            return List.of(s("test answer", "reference answer", "{\"judge\": {\"choice\": \"B++\", \"test_model\": \"B\"}}"),
                    s("test answer", "reference answer", "{\"judge\": \"{\\\"choice\\\": \\\"A+\\\"}\", \"test_model\": \"B\"}"));
        }
    }

    @Nested
    class WbScoreContract extends RewardContractTest {
        @Override protected String spec() { return "wb_score"; }
        @Override protected String otherSpec() { return "wb_reward"; }
        @Override protected String expectedSignature() { return "wb_score@1"; }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -8; }
        @Override protected double maxScore() { return 10; }
        @Override protected List<Sample> samples() {
            return List.of(s("answer", (String) null, "{\"judge\": 7.5}"), s("answer", (String) null, "{\"judge\": {\"score\": \"3\"}}"));
        }
    }
}
