package dev.arbiter.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformRegistry;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecNode;
import dev.arbiter.tools.CostWindow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of the tools kernels: ToolRL correctness on a two-tool call, Router-R1's per-sample reward, the
 * sliding cost window at its full 1000 values, and the stateful router_r1_cost transform on a group of 8.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ToolKernels {
    private Reward toolrl;
    private Reward router;
    private Sample toolSample;
    private Sample routeSample;
    private CostWindow window;
    private GroupTransform costTransform;
    private List<GroupMember> group;
    private double cost;

    @Setup
    public void setup() throws Exception {
        RewardRegistry reg = RewardRegistry.fromServiceLoader();
        toolrl = RewardSpec.resolve("toolrl_correctness", reg).reward();
        router = RewardSpec.resolve("router_r1", reg).reward();
        String gt = "<tool_call>\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\", \"unit\": \"C\"}}\n"
                + "{\"name\": \"get_time\", \"parameters\": {\"zone\": \"CET\"}}\n</tool_call>";
        toolSample = Sample.of("<think>two calls</think>\n<tool_call>\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\", \"unit\": \"F\"}}\n"
                + "{\"name\": \"get_time\", \"parameters\": {\"zone\": \"CET\"}}\n</tool_call>", gt);
        String route = "<think>need facts</think><search>qwen: who wrote Hamlet</search><information>Shakespeare</information>"
                + "<think>so</think><answer>William Shakespeare</answer>";
        routeSample = Sample.of(route, "William Shakespeare");
        window = CostWindow.routerR1();
        for (int i = 0; i < 1000; i++) {
            window.push((i * 7919) % 1000);
        }
        ObjectMapper m = new ObjectMapper();
        costTransform = GroupTransformRegistry.fromServiceLoader().build(
                new SpecNode("bench", "", m.readTree("{\"type\": \"router_r1_cost\", \"cost_coe\": 0.3}"), Map.of()), reg);
        group = new ArrayList<>();
        RewardResult res = router.score(routeSample, Deadline.none());
        for (int i = 0; i < 8; i++) {
            Sample s = new Sample("", "", null, route, m.readTree("\"William Shakespeare\""), "g",
                    (ObjectNode) m.readTree("{\"api_cost\": " + (50 + 37 * i) + "}"));
            group.add(new GroupMember(s, res));
        }
    }

    @Benchmark
    public RewardResult toolrlCorrectnessPerCall() {
        return toolrl.score(toolSample, Deadline.none());
    }

    @Benchmark
    public RewardResult routerR1PerCall() {
        return router.score(routeSample, Deadline.none());
    }

    @Benchmark
    public double costWindowPushFull() {
        cost = (cost + 13.7) % 1000;
        return window.push(cost);
    }

    @Benchmark
    public GroupOutcome routerCostTransformGroupOf8() {
        return costTransform.apply(group, 0);
    }
}
