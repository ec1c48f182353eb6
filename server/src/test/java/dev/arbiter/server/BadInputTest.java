package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is a 4xx with a JSON reason, or one sample's invalid_input; never a crash and never a hang. */
class BadInputTest {
    static TestServer t;

    @BeforeAll
    static void start() {
        t = TestServer.start(b -> b.config.maxBodyBytes(2048).maxBatchSize(4).queueCapacity(16));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void malformedJsonIs400NamingThePosition() {
        TestServer.Answer a = t.post("/v1/score", "{\"samples\": [\n  {\"response\": \"x\",, }]}");
        assertEquals(400, a.status(), a.body());
        JsonNode j = a.json();
        assertEquals("malformed_json", j.get("error").asText());
        assertEquals(2, j.get("line").asInt());
        assertEquals(20, j.get("column").asInt());
        assertTrue(j.get("offset").asLong() > 0);
        assertTrue(j.get("reason").asText().contains("line 2, column 20"), j.get("reason").asText());
    }

    @Test
    void otherUnreadableBodies() {
        for (String body : new String[] {"", "   ", "{\"samples\": []} trailing", "{\"a\": 1, \"a\": 2}", "[1, 2",
                "\"just a string\"", "[".repeat(1001) + "]".repeat(1001), "{\"samples\": [NaN]}"}) {
            TestServer.Answer a = t.post("/v1/score", body);
            assertEquals(400, a.status(), "body <" + body + ">: " + a.body());
            assertTrue(a.json().has("reason"));
        }
        TestServer.Answer notUtf8 = t.send(HttpRequest.newBuilder(t.uri("/v1/score"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})));
        assertEquals(400, notUtf8.status(), notUtf8.body());
        assertEquals("malformed_json", notUtf8.json().get("error").asText());
    }

    @Test
    void aRepeatedKeyIsNamedWhereTheStrictParserFindsIt() {
        // a repeated key deep in a sample, then a syntax error after it: the repeated key is what is reported
        String body = "{\"samples\": [{\"response\": \"a\", \"reference\": \"a\"},\n"
                + "  {\"response\": \"b\", \"extra_info\": {\"k\": 1, \"j\": 2, \"k\": 3}, \"reference\": \"b\"}], oops";
        TestServer.Answer a = t.post("/v1/score", body);
        assertEquals(400, a.status(), a.body());
        JsonNode j = a.json();
        assertEquals("malformed_json", j.get("error").asText());
        assertEquals("malformed JSON at line 2, column 55 (byte 104): Duplicate field 'k'", j.get("reason").asText());
        assertEquals(2, j.get("line").asInt());
        assertEquals(55, j.get("column").asInt());
        assertEquals(104, j.get("offset").asInt());
    }

    @Test
    void aBadFieldInOneSampleIsThatSamplesInvalidInput() {
        TestServer.Answer a = t.post("/v1/score", """
                {"samples": [{"response": "Paris", "reference": "paris"}, {"response": 42, "reference": "x"},
                             "not an object", {"response": "a", "reference": "a", "extra_info": [1]}]}""");
        assertEquals(200, a.status(), a.body());
        JsonNode r = a.json().get("results");
        assertEquals("ok", r.get(0).get("status").asText());
        assertEquals(1.0, r.get(0).get("score").asDouble());
        assertEquals("invalid_input", r.get(1).get("status").asText());
        assertTrue(r.get(1).get("reason").asText().contains("'response'"), r.get(1).toString());
        assertEquals("invalid_input", r.get(2).get("status").asText());
        assertEquals("invalid_input", r.get(3).get("status").asText());
        assertTrue(r.get(3).get("reason").asText().contains("extra_info"), r.get(3).toString());
    }

    @Test
    void wrongRequestShapesAre400() {
        assertEquals(400, t.post("/v1/score", "{\"items\": []}").status());
        assertEquals(400, t.post("/v1/score", "{\"samples\": {}}").status());
        assertEquals(400, t.post("/v1/verl/compute_score", "[1]").status());
        assertEquals(400, t.post("/v1/verl/compute_score_batch", "{\"solution_strs\": [\"a\"], \"ground_truths\": []}").status());
        assertEquals(400, t.post("/get_reward", "{\"query\": [\"a\"], \"labels\": [\"1\", \"2\"]}").status());
        assertEquals(400, t.post("/get_reward", "{\"prompts\": []}").status());
        assertEquals(400, t.post("/v1/trl/reward", "{\"completions\": [\"a\"], \"columns\": {\"solution\": \"1\"}}").status());
        assertEquals(400, t.post("/v1/trl/reward", "{\"completions\": [\"a\"], \"reference_column\": \"zzz\"}").status());
        assertEquals(400, t.post("/v1/slime/remote_rm", "[]").status());
        TestServer.Answer a = t.post("/v1/score", "{\"samples\": [], \"deadline_ms\": -5}");
        assertEquals(400, a.status());
        assertTrue(a.json().get("reason").asText().contains("deadline_ms"));
        assertEquals(400, t.post("/v1/score", "{\"samples\": [], \"deadline_ms\": 1.5}").status());
        assertEquals(400, t.post("/v1/score", "{\"samples\": []}", "X-Arbiter-Deadline-Ms", "soon").status());
    }

    @Test
    void unknownSpecInQueryOrRewardFnIs404ListingTheLoadedOnes() {
        TestServer.Answer a = t.post("/v1/verl/compute_score?spec=math", "{\"solution_str\": \"1\"}");
        assertEquals(404, a.status());
        assertEquals("[\"default\"]", a.json().get("loaded_specs").toString());
        assertEquals(404, t.post("/v1/trl/reward", "{\"reward_fn\": \"math\", \"completions\": []}").status());
    }

    @Test
    void bodiesOverTheLimitAre413() throws IOException {
        String big = "{\"samples\": [{\"response\": \"" + "x".repeat(3000) + "\", \"reference\": \"x\"}]}";
        TestServer.Answer a = t.post("/v1/score", big);
        assertEquals(413, a.status(), a.body());
        assertEquals("body_too_large", a.json().get("error").asText());
        assertEquals(2048, a.json().get("max_body_bytes").asInt());

        // no Content-Length: the limit holds while reading a chunked body
        String chunk = "x".repeat(1000);
        StringBuilder req = new StringBuilder("POST /v1/score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/json\r\n\r\n");
        for (int i = 0; i < 4; i++) {
            req.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        req.append("0\r\n\r\n");
        String raw = t.raw(req.toString());
        assertTrue(raw.startsWith("HTTP/1.1 413"), raw);
        assertTrue(raw.contains("body_too_large"), raw);
        // the server is fine afterwards
        assertEquals(200, t.post("/v1/score", "{\"samples\": []}").status());
    }

    @Test
    void aChunkedBodyUnderTheLimitIsRead() throws IOException {
        String body = "{\"samples\": [{\"response\": \"Paris\", \"reference\": \"paris\"}]}";
        String raw = t.raw("POST /v1/score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 200"), raw);
        assertTrue(raw.contains("\"score\":1.0"), raw);
    }

    @Test
    void aBodyArrivingInPiecesIsRead() throws Exception {
        // pauses between the pieces make the server wait for the channel to become readable again
        String body = "{\"samples\": [{\"response\": \"" + "Paris ".repeat(150) + "\", \"reference\": \"paris\"}]}";
        String fixed = "POST /v1/score HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + body.length()
                + "\r\n\r\n";
        String raw = slowRaw(fixed, body.substring(0, 1), body.substring(1, 500), body.substring(500));
        assertTrue(raw.startsWith("HTTP/1.1 200"), raw);
        assertTrue(raw.contains("\"status\":\"ok\""), raw);

        String chunked = "POST /v1/score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        raw = slowRaw(chunked, Integer.toHexString(700) + "\r\n" + body.substring(0, 700) + "\r\n",
                Integer.toHexString(body.length() - 700) + "\r\n" + body.substring(700) + "\r\n", "0\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 200"), raw);
        assertTrue(raw.contains("\"status\":\"ok\""), raw);

        // over the limit, in pieces: 413, and the server is fine afterwards
        String big = "x".repeat(1500);
        raw = slowRaw(chunked, Integer.toHexString(big.length()) + "\r\n" + big + "\r\n",
                Integer.toHexString(big.length()) + "\r\n" + big + "\r\n", "0\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 413"), raw);
        assertEquals(200, t.post("/v1/score", "{\"samples\": []}").status());
    }

    private static String slowRaw(String head, String... pieces) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", t.server.port())) {
            s.setSoTimeout(30_000);
            s.setTcpNoDelay(true);
            java.io.OutputStream out = s.getOutputStream();
            out.write(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            for (String p : pieces) {
                Thread.sleep(100);
                try {
                    out.write(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    break; // the server refused the body and closed the connection
                }
            }
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void batchesOverTheLimitAre413() {
        TestServer.Answer a = t.post("/v1/score", "{\"samples\": [{}, {}, {}, {}, {}]}");
        assertEquals(413, a.status());
        assertEquals("batch_too_large", a.json().get("error").asText());
        assertEquals(4, a.json().get("max_batch_size").asInt());
        assertEquals(413, t.post("/get_reward", "{\"query\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}").status());
    }

    @Test
    void expectContinueIsHonoured() throws IOException {
        String body = "{\"samples\": [{\"response\": \"a\", \"reference\": \"a\"}]}";
        String raw = t.raw("POST /v1/score HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertTrue(raw.contains("HTTP/1.1 200"), raw);
    }
}
