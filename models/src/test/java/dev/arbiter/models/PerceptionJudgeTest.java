package dev.arbiter.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.models.ScriptedServer.Reply;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code judge_visual_perception} (Perception-R1) against its own scripted judge. */
class PerceptionJudgeTest {
    static final ScriptedServer SERVER;

    static {
        try {
            SERVER = new ScriptedServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SERVER.on("/v1/chat/completions", PerceptionJudgeTest::judge);
        Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close));
    }

    /** YES when the response contains the annotation (case-insensitive); GARBAGE gets an unreadable answer. */
    static Reply judge(JsonNode body) {
        String u = Fixtures.userText(body);
        String ann = Fixtures.between(u, "[Visual annotation]", "[Response]").toLowerCase();
        String resp = Fixtures.between(u, "[Response]", "Verdict (YES or NO):").toLowerCase();
        if (resp.contains("garbage")) {
            return Reply.json(ScriptedServer.chat("It is hard to say."));
        }
        return Reply.json(ScriptedServer.chat(resp.contains(ann) ? "YES" : "NO"));
    }

    static String endpoint() {
        return "{base_url: '" + SERVER.baseUrl() + "/v1', model: judge, api_key_env: ARBITER_TEST_API_KEY, max_attempts: 2, backoff: 1ms}";
    }

    static Sample annotated(String question, String response, String... annotations) {
        ArrayNode a = ScriptedServer.JSON.createArrayNode();
        for (String x : annotations) {
            a.add(x);
        }
        return Fixtures.withMeta(Fixtures.sample(question, response, null), "visual_annotations", a);
    }

    static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();

    static Reward build(String spec) {
        return RewardSpec.resolve(spec, REGISTRY).reward();
    }

    static RewardResult score(Reward r, Sample s) {
        return Scoring.guarded(r, s, Deadline.none());
    }

    @Test
    void scoreIsTheFractionOfConsistentAnnotations() {
        Reward r = build("{type: judge_visual_perception, endpoint: " + endpoint() + "}");
        RewardResult res = score(r, annotated("Find x.", "The angle at B is 40 degrees and AB = 3, so x = 50.",
                "the angle at B is 40 degrees", "AB = 3", "the triangle is isosceles"));
        assertEquals(Status.OK, res.status());
        assertEquals(2.0 / 3, res.score(), 1e-12);
        assertEquals(List.of(true, true, false), res.details().get("verdicts"));
        assertEquals(1.0, score(r, annotated("Q", "A red square.", "red square")).score());
        assertEquals(0.0, score(r, annotated("Q", "A blue circle.", "red square")).score());
        Sample single = Fixtures.withMeta(Fixtures.sample("Q", "A red square.", null), "visual_annotations",
                ScriptedServer.JSON.getNodeFactory().textNode("red square"));
        assertEquals(1.0, score(r, single).score(), "one annotation as a plain string");
    }

    @Test
    void unreadableVerdictIsAnErrorWithTheRawTextOrZeroWhenAsked() {
        Reward r = build("{type: judge_visual_perception, endpoint: " + endpoint() + "}");
        Sample s = annotated("Q", "GARBAGE red square", "red square", "blue");
        RewardResult res = score(r, s);
        assertEquals(Status.ERROR, res.status());
        assertEquals("It is hard to say.", res.details().get("raw"));
        Reward zero = build("{type: judge_visual_perception, endpoint: " + endpoint() + ", unparsed: zero}");
        RewardResult z = score(zero, s);
        assertEquals(Status.OK, z.status());
        assertEquals(0.0, z.score());
        assertTrue(z.reason().contains("unparsed=zero"), z.reason());
    }

    @Test
    void missingOrMalformedAnnotationsAreInvalidInput() {
        Reward r = build("{type: judge_visual_perception, endpoint: " + endpoint() + ", max_annotations: 2}");
        assertEquals(Status.INVALID_INPUT, score(r, Fixtures.sample("Q", "A red square.", null)).status());
        assertEquals(Status.INVALID_INPUT, score(r, annotated("Q", "A red square.")).status());
        assertEquals(Status.INVALID_INPUT, score(r, annotated("Q", "A red square.", "a", "b", "c")).status());
        Sample numbers = Fixtures.withMeta(Fixtures.sample("Q", "A", null), "visual_annotations",
                ScriptedServer.JSON.createArrayNode().add(1));
        assertEquals(Status.INVALID_INPUT, score(r, numbers).status());
        assertThrows(SpecException.class,
                () -> build("{type: judge_visual_perception, endpoint: " + endpoint() + ", max_annotations: 0}"));
    }

    @Test
    void aFailedCallIsAnErrorNotAZero() {
        ScriptedServer dead;
        try {
            dead = new ScriptedServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (dead) {
            dead.on("/v1/chat/completions", b -> Reply.status(400));
            Reward r = build("{type: judge_visual_perception, endpoint: {base_url: '" + dead.baseUrl()
                    + "/v1', model: judge, api_key_env: ARBITER_TEST_API_KEY, max_attempts: 1}}");
            RewardResult res = score(r, annotated("Q", "A red square.", "red square"));
            assertEquals(Status.ERROR, res.status());
        }
    }

    @Nested
    class Contract extends RewardContractTest {
        @Override protected String spec() { return "{type: judge_visual_perception, endpoint: " + endpoint() + "}"; }
        @Override protected String otherSpec() {
            return "{type: judge_visual_perception, endpoint: " + endpoint() + ", unparsed: zero}";
        }
        @Override protected String expectedSignature() {
            String json = "{\"base_url\":\"" + SERVER.baseUrl() + "/v1\",\"model\":\"judge\",\"api_key_env\":"
                    + "\"ARBITER_TEST_API_KEY\",\"max_attempts\":2,\"backoff\":\"1ms\"}";
            String ep = "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            return "judge_visual_perception@1(annotations_field=visual_annotations,max_annotations=32,endpoint=" + ep
                    + ",prompt=perception_consistency,temperature=0,max_tokens=8,seed=none,max_input_chars=100000,unparsed=error)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected List<Sample> samples() {
            return List.of(annotated("What is the angle at B?", "The angle at B is 40 degrees.", "the angle at B is 40 degrees"),
                    annotated("What colour is the square?", "It is blue.", "the square is red", "blue"),
                    annotated("How many apples?", "There are three apples on a plate.", "three apples", "a plate", "a knife"));
        }
    }
}
