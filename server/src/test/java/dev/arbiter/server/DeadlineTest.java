package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request deadlines (header and body) and per-sample deadlines: samples past the deadline come back as
 * {@code timeout}, the rest are scored, and the request is answered. The gate never opens until the end, so the
 * outcome does not depend on timing.
 */
class DeadlineTest {
    static TestServer t;

    @BeforeAll
    static void start() {
        t = TestServer.start(b -> {
            b.spec("gate", "{type: test_gate, deadline: 30s}");
            b.spec("gate_short", "{type: test_gate, deadline: 150ms}");
            b.config.workerThreads(3).maxRequestDeadline(Duration.ofSeconds(20)).requestDeadline(Duration.ofSeconds(20));
        });
    }

    @AfterAll
    static void stop() {
        t.gate.open();
        t.close();
    }

    private static String batch(String... responses) {
        StringBuilder sb = new StringBuilder("{\"samples\": [");
        for (int i = 0; i < responses.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("{\"response\": \"").append(responses[i]).append("\"}");
        }
        return sb.append("]}").toString();
    }

    private static void assertStatuses(JsonNode results, String... expected) {
        assertEquals(expected.length, results.size(), results.toString());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], results.get(i).get("status").asText(), "sample " + i + ": " + results.get(i));
        }
    }

    @Test
    void headerDeadlineTimesOutTheSlowSamplesAndScoresTheRest() {
        TestServer.Answer a = t.post("/v1/score", batch("fast-1", "wait-1", "fast-2", "wait-2", "fast-3"),
                "X-Arbiter-Deadline-Ms", "300");
        assertEquals(200, a.status(), a.body());
        JsonNode r = a.json().get("results");
        assertStatuses(r, "ok", "timeout", "ok", "timeout", "ok");
        assertEquals("fast-2", r.get(2).get("details").get("echo").asText());
        assertEquals(0.0, r.get(1).get("score").asDouble());
        assertTrue(r.get(1).get("reason").asText().startsWith("sample 2: "), r.get(1).toString());
    }

    @Test
    void bodyDeadlineDoesTheSameAndTheSmallerOfBothWins() {
        String body = batch("wait-a", "fast-a").replace("]}", "], \"deadline_ms\": 250}");
        TestServer.Answer a = t.post("/v1/score", body);
        assertEquals(200, a.status(), a.body());
        assertStatuses(a.json().get("results"), "timeout", "ok");

        TestServer.Answer both = t.post("/v1/score", batch("wait-b", "fast-b").replace("]}", "], \"deadline_ms\": 15000}"),
                "X-Arbiter-Deadline-Ms", "200");
        assertStatuses(both.json().get("results"), "timeout", "ok");
    }

    @Test
    void samplesStuckInTheQueuePastTheDeadlineAreTimeoutsToo() {
        // three waits hold all three workers; the fast samples behind them never get a worker before the deadline
        TestServer.Answer a = t.post("/v1/score", batch("wait-x", "wait-y", "wait-z", "fast-x", "fast-y"),
                "X-Arbiter-Deadline-Ms", "300");
        assertEquals(200, a.status(), a.body());
        assertStatuses(a.json().get("results"), "timeout", "timeout", "timeout", "timeout", "timeout");
    }

    @Test
    void theSpecsPerSampleDeadlineHoldsWithoutARequestDeadline() {
        TestServer.Answer a = t.post("/v1/score/gate_short", batch("wait-s", "fast-s"));
        assertEquals(200, a.status(), a.body());
        JsonNode r = a.json().get("results");
        assertStatuses(r, "timeout", "ok");
        assertTrue(r.get(0).get("reason").asText().contains("150 ms"), r.get(0).toString());
    }

    @Test
    void aRewardThatIgnoresItsDeadlineIsAbandonedAndTheRequestStillAnswered() {
        long abandonedBefore = t.server.engine().abandonedCount();
        TestServer.Answer a = t.post("/v1/score/gate_short", batch("stubborn-1", "fast-z"));
        assertEquals(200, a.status(), a.body());
        assertStatuses(a.json().get("results"), "timeout", "ok");
        assertEquals(abandonedBefore + 1, t.server.engine().abandonedCount());
    }

    @Test
    void dropInsTakeTheHeaderToo() {
        TestServer.Answer verl = t.post("/v1/verl/compute_score?spec=gate", "{\"solution_str\": \"wait-v\"}",
                "X-Arbiter-Deadline-Ms", "200");
        assertEquals(200, verl.status(), verl.body());
        assertEquals("timeout", verl.json().get("status").asText());
        assertEquals(1, verl.json().get("reward_error").asInt());
        assertEquals(0.0, verl.json().get("score").asDouble());

        TestServer.Answer rlhf = t.post("/get_reward?spec=gate", "{\"query\": [\"wait-o\", \"fast-o\"]}",
                "X-Arbiter-Deadline-Ms", "200");
        assertEquals("[0.0,1.0]", rlhf.json().get("rewards").toString());
        assertEquals("[1.0,0.0]", rlhf.json().get("extra_logs").get("timeout").toString());

        TestServer.Answer trl = t.post("/v1/trl/reward?spec=gate", "{\"completions\": [\"wait-t\", \"fast-t\"]}",
                "X-Arbiter-Deadline-Ms", "200");
        assertEquals("[null,1.0]", trl.json().get("rewards").toString());
    }
}
