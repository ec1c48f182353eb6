package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.service.ServiceEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint's request and response shape, on one live server with two specs and a service endpoint. */
class EndpointsTest {
    static TestServer t;

    /** A family's extra endpoint, as the code module will mount /run_code. */
    static class EchoEndpoint implements ServiceEndpoint {
        @Override public String path() { return "/run_echo"; }
        @Override public String description() { return "echoes the body"; }
        @Override public Response handle(byte[] body, Map<String, String> headers) {
            return new Response(200, "application/json", ("{\"echo\":" + new String(body, StandardCharsets.UTF_8)
                    + ",\"content_type\":\"" + headers.get("content-type") + "\"}").getBytes(StandardCharsets.UTF_8),
                    Map.of("X-Echo", "1"));
        }
    }

    @BeforeAll
    static void start() {
        t = TestServer.start(b -> {
            b.spec("gsm8k", "{type: exact_match, extract: hash_mark, normalize: whitespace}");
            b.spec("f1", "token_f1");
            b.services.add(new EchoEndpoint());
        });
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void nativeScoreReturnsTheRewardObjectOfScoreRowsInOrder() {
        TestServer.Answer a = t.post("/v1/score", """
                {"samples": [
                  {"id": "a", "response": "so #### 72", "reference": "72"},
                  {"id": "b", "response": "#### 5", "reward_model": {"ground_truth": "6"}},
                  {"id": "c", "reference": "1"}
                ]}""");
        assertEquals(200, a.status(), a.body());
        JsonNode j = a.json();
        assertEquals("gsm8k", j.get("spec").asText());
        String sig = j.get("signature").asText();
        assertEquals(12, sig.length());
        JsonNode r = j.get("results");
        assertEquals(3, r.size());
        for (JsonNode x : r) {
            assertEquals(List.of("score", "status", "reason", "details", "components", "signature"), fieldNames(x));
            assertEquals(sig, x.get("signature").asText());
        }
        assertEquals(1.0, r.get(0).get("score").asDouble());
        assertEquals("ok", r.get(0).get("status").asText());
        assertEquals(0.0, r.get(1).get("score").asDouble());
        assertEquals("ok", r.get(1).get("status").asText());
        assertEquals("invalid_input", r.get(2).get("status").asText());
        assertTrue(r.get(2).get("reason").asText().startsWith("sample 3: "), r.get(2).toString());
        assertEquals(2, j.get("counts").get("ok").asInt());
        assertEquals(1, j.get("counts").get("invalid_input").asInt());
    }

    @Test
    void aBareArrayIsABatchToo() {
        TestServer.Answer a = t.post("/v1/score", "[{\"response\": \"#### 1\", \"reference\": \"1\"}]");
        assertEquals(200, a.status(), a.body());
        assertEquals(1.0, a.json().get("results").get(0).get("score").asDouble());
    }

    @Test
    void namedSpecsAndUnknownSpecs() {
        TestServer.Answer a = t.post("/v1/score/f1", "{\"samples\": [{\"response\": \"the Seine river\", \"reference\": \"Seine\"}]}");
        assertEquals(200, a.status(), a.body());
        assertEquals("f1", a.json().get("spec").asText());
        double f1 = a.json().get("results").get(0).get("score").asDouble();
        assertTrue(f1 > 0 && f1 < 1, a.body());

        TestServer.Answer missing = t.post("/v1/score/nope", "{\"samples\": []}");
        assertEquals(404, missing.status());
        assertEquals("unknown_spec", missing.json().get("error").asText());
        assertEquals("[\"gsm8k\",\"f1\"]", missing.json().get("loaded_specs").toString());
        assertTrue(missing.json().get("reason").asText().contains("gsm8k, f1"));
    }

    @Test
    void rewardsListsTypesSpecsSignaturesAndEndpoints() {
        TestServer.Answer a = t.get("/v1/rewards");
        assertEquals(200, a.status());
        JsonNode j = a.json();
        assertEquals("gsm8k", j.get("default_spec").asText());
        assertEquals(2, j.get("specs").size());
        JsonNode first = j.get("specs").get(0);
        assertTrue(first.get("default").asBoolean());
        assertTrue(first.get("signature").asText().startsWith("exact_match@1("), first.toString());
        assertEquals(12, first.get("signature_id").asText().length());
        assertEquals(2000, first.get("deadline_ms").asInt());
        boolean hasExactMatch = false;
        for (JsonNode type : j.get("types")) {
            hasExactMatch |= type.get("type").asText().equals("exact_match");
        }
        assertTrue(hasExactMatch);
        for (JsonNode type : j.get("types")) {
            if (type.get("type").asText().equals("test_gate")) {
                assertEquals("1500ms", type.get("parameters").get(0).get("default").asText());
                assertEquals("[\"a\",\"b\"]", type.get("parameters").get(1).get("default").toString());
            }
        }
        String endpoints = j.get("endpoints").toString();
        for (String p : List.of("/v1/score", "/v1/verl/compute_score", "/v1/verl/compute_score_batch", "/get_reward",
                "/v1/trl/reward", "/v1/slime/remote_rm", "/run_echo", "/metrics")) {
            assertTrue(endpoints.contains("\"" + p + "\""), p + " missing from " + endpoints);
        }
    }

    @Test
    void verlSingleItemHasTheSameKeysWhateverTheOutcome() {
        TestServer.Answer ok = t.post("/v1/verl/compute_score", """
                {"data_source": "openai/gsm8k", "solution_str": "48 + 24 = 72\\n#### 72", "ground_truth": "72",
                 "extra_info": {"index": 3, "question": "How many?"}, "request_id": "r1"}""");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(List.of("score", "acc", "reward_error", "status", "reason"), fieldNames(ok.json()));
        assertEquals(1.0, ok.json().get("score").asDouble());
        assertEquals(1.0, ok.json().get("acc").asDouble());
        assertEquals(0, ok.json().get("reward_error").asInt());

        TestServer.Answer bad = t.post("/v1/verl/compute_score", "{\"solution_str\": 5, \"ground_truth\": \"72\"}");
        assertEquals(200, bad.status());
        assertEquals(List.of("score", "acc", "reward_error", "status", "reason"), fieldNames(bad.json()));
        assertEquals(0.0, bad.json().get("score").asDouble());
        assertEquals(1, bad.json().get("reward_error").asInt());
        assertEquals("invalid_input", bad.json().get("status").asText());
    }

    @Test
    void verlBatchMirrorsTheBatchManager() {
        TestServer.Answer a = t.post("/v1/verl/compute_score_batch?spec=gsm8k", """
                {"data_sources": ["openai/gsm8k", "openai/gsm8k", "openai/gsm8k"],
                 "solution_strs": ["#### 72", "#### 71", null],
                 "ground_truths": ["72", "72", "72"],
                 "extra_infos": [{"index": 0}, null, {"index": 2}]}""");
        assertEquals(200, a.status(), a.body());
        JsonNode r = a.json().get("results");
        assertEquals(3, r.size());
        assertEquals(1.0, r.get(0).get("score").asDouble());
        assertEquals(0.0, r.get(1).get("score").asDouble());
        assertEquals(0, r.get(1).get("reward_error").asInt());
        assertEquals(1, r.get(2).get("reward_error").asInt());
        for (JsonNode x : r) {
            assertEquals(List.of("score", "acc", "reward_error", "status", "reason"), fieldNames(x));
        }
    }

    @Test
    void openRlhfStripsThePromptAndEndMarkersAndNeverSendsNull() {
        String prompt = "<|im_start|>user\\nWhat is 6*7?<|im_end|>\\n<|im_start|>assistant\\n";
        TestServer.Answer a = t.post("/get_reward?spec=gsm8k", "{\"query\": [\"" + prompt + "so #### 42<|im_end|>\\n<|endoftext|>\", \""
                + prompt + "#### 41<|im_end|>\", 7], \"prompts\": [\"" + prompt + "\", \"" + prompt + "\", \"x\"], "
                + "\"labels\": [\"42\", \"42\", \"42\"]}");
        assertEquals(200, a.status(), a.body());
        JsonNode j = a.json();
        assertEquals("[1.0,0.0,0.0]", j.get("rewards").toString());
        assertEquals("[1.0,0.0,0.0]", j.get("scores").toString());
        assertEquals("[0.0,0.0,1.0]", j.get("extra_logs").get("reward_error").toString());
        assertEquals("[0.0,0.0,1.0]", j.get("extra_logs").get("invalid_input").toString());
        assertEquals("[0.0,0.0,0.0]", j.get("extra_logs").get("timeout").toString());
    }

    @Test
    void openRlhfEmptyRequestAndVerifierHints() {
        TestServer.Answer empty = t.post("/get_reward", "{\"query\": [], \"prompts\": [], \"labels\": []}");
        assertEquals(200, empty.status(), empty.body());
        assertEquals("{\"rewards\":[],\"scores\":[],\"extra_logs\":{}}", empty.body());

        TestServer.Answer hinted = t.post("/v1/openrlhf/get_reward", """
                {"query": ["Q: river? A: the Seine river", "Q: x? A: y"], "prompts": ["Q: river? A:", "Q: x? A:"],
                 "labels": [{"verifier": "f1", "answer": "Seine"}, {"verifier": "nope", "answer": "y"}]}""");
        assertEquals(200, hinted.status(), hinted.body());
        double f1 = hinted.json().get("rewards").get(0).asDouble();
        assertTrue(f1 > 0 && f1 < 1, hinted.body());
        assertEquals(1.0, hinted.json().get("extra_logs").get("invalid_input").get(1).asDouble());
    }

    @Test
    void trlGivesNullForWhatCannotBeScored() {
        TestServer.Answer a = t.post("/v1/trl/reward", """
                {"reward_fn": "gsm8k", "format": "conversational",
                 "prompts": [[{"role": "user", "content": "6*7?"}], [{"role": "user", "content": "6*7?"}],
                             [{"role": "user", "content": "6*7?"}]],
                 "completions": [[{"role": "assistant", "content": "#### 42"}], "#### 40", 12],
                 "columns": {"solution": ["42", "42", "42"], "task": ["m", "m", "m"]}, "global_step": 3}""");
        assertEquals(200, a.status(), a.body());
        JsonNode j = a.json();
        assertEquals("[1.0,0.0,null]", j.get("rewards").toString());
        assertEquals("[\"ok\",\"ok\",\"invalid_input\"]", j.get("extra").get("arbiter_status").toString());
        assertEquals(1.0 / 3, j.get("metrics").get("arbiter_error_fraction").asDouble(), 1e-9);
    }

    @Test
    void slimeRemoteRm() {
        TestServer.Answer a = t.post("/v1/slime/remote_rm", "{\"prompt\": \"What is 6*7?\", \"response\": \"#### 42\", \"label\": \"42\"}");
        assertEquals(200, a.status(), a.body());
        assertEquals(1.0, a.json().get("score").asDouble());
        assertEquals(0, a.json().get("reward_error").asInt());
        TestServer.Answer chat = t.post("/v1/slime/remote_rm", "{\"prompt\": [{\"role\": \"user\", \"content\": \"q\"}], "
                + "\"response\": \"#### 1\", \"label\": null}");
        assertEquals(200, chat.status());
        assertEquals(1, chat.json().get("reward_error").asInt());
        assertEquals("invalid_input", chat.json().get("status").asText());
    }

    @Test
    void healthReadinessAndMetrics() {
        assertEquals("{\"status\":\"ok\"}", t.get("/healthz").body());
        TestServer.Answer ready = t.get("/readyz");
        assertEquals(200, ready.status());
        assertTrue(ready.json().get("ready").asBoolean());
        t.post("/v1/score", "{\"samples\": [{\"response\": \"#### 1\", \"reference\": \"1\"}]}");
        TestServer.Answer m = t.get("/metrics");
        assertEquals(200, m.status());
        assertTrue(m.header("Content-Type").startsWith("text/plain"));
        String text = m.body();
        for (String name : List.of("arbiter_http_requests_total", "arbiter_http_request_duration_seconds_bucket",
                "arbiter_samples_total{reward=\"gsm8k\",status=\"ok\"}", "arbiter_sample_duration_seconds_bucket",
                "arbiter_queue_depth", "arbiter_samples_admitted", "arbiter_queue_capacity", "arbiter_workers_busy",
                "arbiter_evaluations_abandoned_total", "arbiter_cache_hits_total", "arbiter_buffered_request_bytes",
                "jvm_memory_used_bytes")) {
            assertTrue(text.contains(name), name + " missing from /metrics");
        }
        t.post("/nope", "{}");
        assertTrue(t.get("/metrics").body().contains("arbiter_rejected_requests_total{endpoint=\"unknown\",reason=\"not_found\"}"));
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        TestServer.Answer nf = t.get("/v2/whatever");
        assertEquals(404, nf.status());
        assertEquals("not_found", nf.json().get("error").asText());
        assertTrue(nf.json().get("endpoints").toString().contains("/v1/score"));

        TestServer.Answer getScore = t.get("/v1/score");
        assertEquals(405, getScore.status());
        assertEquals("POST", getScore.header("Allow"));
        assertEquals("method_not_allowed", getScore.json().get("error").asText());
        assertEquals(405, t.post("/healthz", "{}").status());
        assertEquals(405, t.post("/v1/rewards", "{}").status());
        String del = t.raw("DELETE /get_reward HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(del.startsWith("HTTP/1.1 405"), del);
    }

    @Test
    void serviceEndpointsAreMountedWithHeadersPassedThrough() {
        TestServer.Answer a = t.post("/run_echo", "{\"code\": \"print(1)\"}");
        assertEquals(200, a.status(), a.body());
        assertEquals("1", a.header("X-Echo"));
        assertEquals("print(1)", a.json().get("echo").get("code").asText());
        assertEquals("application/json", a.json().get("content_type").asText());
        assertEquals(405, t.get("/run_echo").status());
    }

    @Test
    void aLargeBatchArrivesInChunksAndIsParsedOffTheIoThread() {
        StringBuilder sb = new StringBuilder("{\"samples\": [");
        String padding = "reasoning ".repeat(100);
        for (int i = 0; i < 400; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\": \"").append(i).append("\", \"response\": \"").append(padding)
                    .append("#### ").append(i).append("\", \"reference\": \"").append(i % 2 == 0 ? i : -1).append("\"}");
        }
        String body = sb.append("]}").toString();
        assertTrue(body.length() > 256 * 1024, "well over the inline-parse size");
        TestServer.Answer a = t.post("/v1/score", body);
        assertEquals(200, a.status(), a.body());
        JsonNode r = a.json().get("results");
        assertEquals(400, r.size());
        for (int i = 0; i < 400; i++) {
            assertEquals(i % 2 == 0 ? 1.0 : 0.0, r.get(i).get("score").asDouble(), "sample " + i);
        }
    }

    @Test
    void sameSampleSameResult() {
        String body = "{\"samples\": [{\"response\": \"x #### 9\", \"reference\": \"9\", \"extra_info\": {\"k\": 1}}]}";
        String first = t.post("/v1/score", body).json().get("results").toString();
        for (int i = 0; i < 3; i++) {
            assertEquals(first, t.post("/v1/score", body).json().get("results").toString());
        }
        assertFalse(first.isEmpty());
    }

    @Test
    void servicePathsThatCollideAreRefusedAtStart() {
        ServiceEndpoint clash = new EchoEndpoint() {
            @Override public String path() { return "/v1/score"; }
        };
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TestServer.start(b -> b.services.add(clash)));
        assertTrue(e.getMessage().contains("/v1/score"), e.getMessage());
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
