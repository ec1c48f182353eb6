package dev.arbiter.core.spec;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.compose.CoreRewards;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecTest {

    /** A test type with one parameter of every kind. */
    static final class EveryKindFactory implements RewardFactory {
        @Override public String name() { return "every_kind"; }
        @Override public int version() { return 3; }
        @Override public String family() { return "test"; }
        @Override public String description() { return "test"; }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("s", ParamKind.STRING, "dflt", ""),
                    Param.choice("c", "x", List.of("x", "y"), ""),
                    Param.optional("i", ParamKind.INT, 7, ""),
                    Param.optional("d", ParamKind.DOUBLE, 0.5, ""),
                    Param.optional("b", ParamKind.BOOL, false, ""),
                    Param.optional("t", ParamKind.DURATION, null, ""),
                    Param.optional("sl", ParamKind.STRING_LIST, List.of(), ""),
                    Param.optional("dl", ParamKind.DOUBLE_LIST, List.of(), ""));
        }

        @Override
        public Reward create(Params p) {
            RewardSignature sig = p.signature(version());
            return new Reward() {
                @Override public RewardSignature signature() { return sig; }
                @Override public RewardResult score(Sample s, Deadline d) { return RewardResult.ok(p.integer("i")); }
            };
        }
    }

    private static RewardRegistry registry() {
        List<RewardFactory> fs = new ArrayList<>(List.of(new CoreRewards.ConstantFactory(), new CoreRewards.RouteFactory(),
                new CoreRewards.WeightedFactory(), new CoreRewards.GateFactory(), new CoreRewards.ClipFactory(),
                new CoreRewards.ScaleFactory(), new EveryKindFactory()));
        return new RewardRegistry(fs);
    }

    private static RewardSpec resolve(String text) {
        return RewardSpec.fromNode(new SpecParser().parse("spec.yaml", text), registry());
    }

    private static String error(String text) {
        return assertThrows(SpecException.class, () -> resolve(text)).getMessage();
    }

    @Test
    void theSignatureNamesEveryParameterWithItsEffectiveValue() {
        RewardSpec rs = resolve("type: every_kind\ni: 3\nt: 1.5s\nsl: [a, \"b c\"]\n");
        assertEquals("every_kind@3(s=dflt,c=x,i=3,d=0.5,b=no,t=1500ms,sl=[a,\"b c\"],dl=[])", rs.reward().signature().text());
        assertEquals(rs.reward().signature().text() + "|deadline=2000ms", rs.signature());
        assertEquals(12, rs.signatureId().length());
    }

    @Test
    void aChangedParameterChangesTheSignature() {
        assertTrue(!resolve("type: every_kind").signature().equals(resolve("type: every_kind\nd: 0.25").signature()));
        assertTrue(!resolve("type: every_kind").signature().equals(resolve("type: every_kind\ndeadline: 1s").signature()));
    }

    @Test
    void theRootMayCarryADeadline() {
        assertEquals(Duration.ofMillis(250), resolve("type: constant\ndeadline: 250ms").deadline());
        assertEquals(RewardSpec.DEFAULT_DEADLINE, resolve("type: constant").deadline());
    }

    @Test
    void errorsPointAtTheLineAndTheKey() {
        assertEquals("spec.yaml:3: key 'i': expected an integer, got \"three\"", error("type: every_kind\ns: ok\ni: three\n"));
        assertEquals("spec.yaml:2: key 'bogus': unknown parameter for type 'every_kind'; its parameters are: s, c, i, d, b, t, sl, dl",
                error("type: every_kind\nbogus: 1\n"));
        assertEquals("spec.yaml:2: key 'c': expected one of x|y, got \"z\"", error("type: every_kind\nc: z"));
        String unknown = error("type: route\nroutes:\n  a:\n    type: nope\n");
        assertTrue(unknown.startsWith("spec.yaml:4: key 'routes.a.type': unknown reward type 'nope'; known types: clip, "), unknown);
        assertTrue(error("type: route\n").contains("requires parameter 'routes'"));
        assertTrue(error("type: every_kind\ns: 1\ns: 2\n").contains("appears twice"));
        assertTrue(error("type: every_kind\ni: [1\n").startsWith("spec.yaml:"));
        assertTrue(error("").contains("empty"));
        assertTrue(error("type: route\nroutes: {a: constant}\ndefault: {type: constant, deadline: 1s}").contains("unknown parameter"),
                "deadline belongs to the root only");
        assertTrue(error("- a\n- b").contains("expected a reward spec"));
        assertTrue(error("type: every_kind\nt: soon").contains("expected a duration"));
    }

    @Test
    void jsonSpecsWork() {
        RewardSpec rs = RewardSpec.fromNode(new SpecParser().parse("s.json", "{\"type\": \"constant\", \"value\": 0.25}", true),
                registry());
        assertEquals("constant@1(value=0.25)", rs.reward().signature().text());
    }

    @Test
    void aBareTypeNameIsASpecWithDefaults() {
        assertEquals("constant@1(value=0)", RewardSpec.resolve("constant", registry()).reward().signature().text());
    }

    @Test
    void aMissingSpecFileIsNamedAsSuch() {
        SpecException e = assertThrows(SpecException.class, () -> RewardSpec.resolve("no/such/spec.yaml", registry()));
        assertEquals("no/such/spec.yaml: no such spec file", e.getMessage());
    }

    @Test
    void duplicateTypeNamesAreRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new RewardRegistry(List.of(new CoreRewards.ConstantFactory(), new CoreRewards.ConstantFactory())));
        assertTrue(e.getMessage().contains("registered twice"));
    }

    @Test
    void theServiceLoaderFindsCoreTypes() {
        List<String> names = RewardRegistry.fromServiceLoader().factories().stream().map(RewardFactory::name).toList();
        assertTrue(names.containsAll(List.of("constant", "route", "weighted", "gate", "clip", "scale")), names.toString());
    }
}
