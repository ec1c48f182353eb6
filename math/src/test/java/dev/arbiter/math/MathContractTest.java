package dev.arbiter.math;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Sample;
import dev.arbiter.testkit.RewardContractTest;

import java.util.List;

/** The {@code math} type under the shared reward contract. */
class MathContractTest extends RewardContractTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    @Override
    protected String spec() {
        return "math";
    }

    @Override
    protected String otherSpec() {
        return "{type: math, percent: value}";
    }

    @Override
    protected String expectedSignature() {
        return "math@1(gold_extraction=[boxed,whole,final_answer+answer+gsm8k,last_math+last_number],"
                + "pred_extraction=[boxed+final_answer,answer+gsm8k+option,whole,last_math+last_number],"
                + "percent=lenient,rel_tolerance=0.000000001,float_rounding=6,strict_variables=yes,"
                + "relation_matches_set=no,budget=1000ms)";
    }

    @Override
    protected List<Sample> samples() {
        return List.of(
                Sample.of("So the answer is $\\boxed{\\frac{1}{2}}$.", "0.5"),
                Sample.of("We get x = 3.", "4"),
                Sample.of("I am not sure.", "7"),
                Sample.of("Final Answer: The final answer is $25\\%$. I hope it is correct.", J.numberNode(25)),
                Sample.of("The roots are $\\boxed{1 \\pm \\sqrt{2}}$", J.arrayNode().add("\\{1-\\sqrt2, 1+\\sqrt2\\}").add("0")),
                Sample.of("\\boxed{9^{9^{9^{9}}}}", "5"));
    }
}
