package dev.arbiter.core.compose;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.core.spec.SpecParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompositionTest {

    /** Scores the response's length; "invalid" responses are invalid input. */
    static final class LengthFactory implements RewardFactory {
        @Override public String name() { return "length"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "test"; }
        @Override public String description() { return "test"; }
        @Override public List<Param> parameters() { return List.of(Param.optional("div", ParamKind.DOUBLE, 1.0, "")); }

        @Override
        public Reward create(Params p) {
            double div = p.number("div");
            RewardSignature sig = p.signature(1);
            return new Reward() {
                @Override public RewardSignature signature() { return sig; }

                @Override
                public RewardResult score(Sample s, Deadline d) {
                    if (s.response().equals("invalid")) {
                        throw new InvalidInputException("bad sample");
                    }
                    return RewardResult.ok(s.response().length() / div).withDetail("len", s.response().length());
                }
            };
        }
    }

    private static final RewardRegistry REGISTRY = new RewardRegistry(List.of(new CoreRewards.ConstantFactory(),
            new CoreRewards.RouteFactory(), new CoreRewards.WeightedFactory(), new CoreRewards.GateFactory(),
            new CoreRewards.ClipFactory(), new CoreRewards.ScaleFactory(), new LengthFactory()));

    private static Reward build(String yaml) {
        return RewardSpec.fromNode(new SpecParser().parse("t.yaml", yaml), REGISTRY).reward();
    }

    private static Sample sample(String dataSource, String response) {
        return new Sample("1", dataSource, Prompt.EMPTY, response, JsonNodeFactory.instance.textNode("r"), "", null);
    }

    private static RewardResult score(Reward r, Sample s) {
        return Scoring.guarded(r, s, Deadline.none());
    }

    @Test
    void routeByExactNameThenLongestPrefixThenDefault() {
        Reward r = build("type: route\nroutes:\n  math: {type: constant, value: 1}\n  aime*: {type: constant, value: 2}\n"
                + "  aime2024*: {type: constant, value: 3}\ndefault: {type: constant, value: 4}\n");
        assertEquals(1.0, score(r, sample("math", "x")).score());
        assertEquals(2.0, score(r, sample("aime2023", "x")).score());
        assertEquals(3.0, score(r, sample("aime2024_i", "x")).score());
        assertEquals(4.0, score(r, sample("other", "x")).score());
        assertEquals("aime2024*", score(r, sample("aime2024_i", "x")).details().get("route"));
    }

    @Test
    void routeWithoutDefaultRejectsUnknownSources() {
        Reward r = build("type: route\nroutes: {math: constant}");
        RewardResult res = score(r, sample("chess", "x"));
        assertEquals(Status.INVALID_INPUT, res.status());
        assertEquals("no route for data_source 'chess'; routes: math", res.reason());
    }

    @Test
    void weightedSumsWeightedChildrenAndReportsRawComponents() {
        Reward r = build("type: weighted\nrewards:\n  fmt: {type: constant, value: 1}\n  acc: {type: length, div: 10}\n"
                + "weights: {fmt: 0.1, acc: 0.9}\n");
        RewardResult res = score(r, sample("", "abcde"));
        assertEquals(0.1 * 1 + 0.9 * 0.5, res.score(), 1e-12);
        assertEquals(Map.of("fmt", 1.0, "acc", 0.5), res.components());
        Reward normalized = build("type: weighted\nrewards: {a: {type: constant, value: 1}, b: {type: constant, value: 0}}\n"
                + "weights: {a: 3, b: 1}\nnormalize: true\n");
        assertEquals(0.75, score(normalized, sample("", "x")).score(), 1e-12);
    }

    @Test
    void aFailingChildFailsTheCompositeWithItsNameInTheReason() {
        Reward r = build("type: weighted\nrewards: {fmt: constant, acc: length}");
        RewardResult res = score(r, sample("", "invalid"));
        assertEquals(Status.INVALID_INPUT, res.status());
        assertEquals("component 'acc': bad sample", res.reason());
    }

    @Test
    void weightsMustNameComponents() {
        SpecException e = assertThrows(SpecException.class, () -> build("type: weighted\nrewards: {a: constant}\nweights: {b: 1}"));
        assertTrue(e.getMessage().contains("weight for 'b' names no component"), e.getMessage());
    }

    @Test
    void gateScoresTheRewardOnlyWhenTheGatePasses() {
        Reward r = build("type: gate\ngate: {type: length, div: 3}\nreward: {type: constant, value: 0.7}\notherwise: -1\n");
        assertEquals(0.7, score(r, sample("", "abc")).score());
        RewardResult failed = score(r, sample("", "ab"));
        assertEquals(-1.0, failed.score());
        assertTrue(failed.reason().startsWith("gate failed"));
        assertEquals(Status.INVALID_INPUT, score(r, sample("", "invalid")).status());
    }

    @Test
    void clipAndScale() {
        assertEquals(2.0, score(build("type: clip\nreward: length\nmax: 2"), sample("", "abcde")).score());
        assertEquals(-2.0, score(build("type: clip\nreward: length\nmin: -2\nmax: 5"), sample("", "")).score() - 2.0);
        assertEquals(11.0, score(build("type: scale\nreward: length\nfactor: 2\noffset: 1"), sample("", "abcde")).score());
        assertThrows(SpecException.class, () -> build("type: clip\nreward: length\nmin: 3\nmax: 2"));
    }
}
