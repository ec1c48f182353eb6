package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graceful shutdown: stop taking work, finish in-flight requests within the grace period, answer the rest. */
class ShutdownTest {

    private static CompletableFuture<HttpResponse<String>> postAsync(HttpClient client, URI uri, String body) {
        return client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void inFlightWorkFinishesWhileNewWorkIsRefused() throws Exception {
        TestServer t = TestServer.start(b -> b.spec("gate", "{type: test_gate, deadline: 30s}"));
        CompletableFuture<HttpResponse<String>> inFlight = postAsync(t.client, t.uri("/v1/score"),
                "{\"samples\": [{\"response\": \"wait-1\"}, {\"response\": \"fast\"}]}");
        t.gate.awaitArrivals(1);
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> t.server.close(Duration.ofSeconds(20)));
        Conditions.await("draining", () -> t.get("/readyz").status() == 503);
        TestServer.Answer refused = t.post("/v1/score", "{\"samples\": [{\"response\": \"late\"}]}");
        assertEquals(503, refused.status());
        assertEquals("shutting_down", refused.json().get("error").asText());
        assertEquals("close", refused.header("Connection"));
        assertEquals(200, t.get("/healthz").status());
        assertFalse(closing.isDone());

        t.gate.open();
        HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = TestServer.MAPPER.readTree(r.body()).get("results");
        assertEquals("ok", results.get(0).get("status").asText());
        assertEquals("ok", results.get(1).get("status").asText());
        assertTrue(closing.get(30, TimeUnit.SECONDS), "drained within the grace period");
        t.server.awaitShutdown();
        assertTrue(t.server.isClosed());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", t.server.port()).close());
        assertTrue(t.server.close(Duration.ZERO), "a second close reports the first one's outcome");
    }

    @Test
    void whenTheGraceRunsOutTheRestIsAnsweredTimeout() throws Exception {
        TestServer t = TestServer.start(b -> b.spec("gate", "{type: test_gate, deadline: 30s}"));
        try {
            CompletableFuture<HttpResponse<String>> inFlight = postAsync(t.client, t.uri("/get_reward"),
                    "{\"query\": [\"wait-1\", \"fast\"]}");
            t.gate.awaitArrivals(1);
            assertFalse(t.server.close(Duration.ofMillis(200)));
            HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode j = TestServer.MAPPER.readTree(r.body());
            assertEquals("[0.0,1.0]", j.get("rewards").toString());
            assertEquals("[1.0,0.0]", j.get("extra_logs").get("timeout").toString());
        } finally {
            t.gate.open();
        }
    }

    @Test
    void sigtermDrainsGracefully() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                ServeForTest.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("port "), String.valueOf(first));
            URI base = URI.create("http://127.0.0.1:" + first.substring(5));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> inFlight = postAsync(client, base.resolve("/v1/score"),
                    "{\"samples\": [{\"response\": \"wait-sigterm\"}]}");
            assertEquals("arrived", out.readLine());

            assertTrue(p.toHandle().destroy(), "SIGTERM sent");   // SIGTERM; Process.destroy would also close our pipes
            Conditions.await("draining after SIGTERM", () -> {
                try {
                    return client.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 503;
                } catch (Exception e) {
                    return false;
                }
            });
            OutputStream in = p.getOutputStream();
            in.write("open\n".getBytes(StandardCharsets.UTF_8));
            in.flush();

            HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode result = TestServer.MAPPER.readTree(r.body()).get("results").get(0);
            assertEquals("ok", result.get("status").asText());
            assertEquals("wait-sigterm", result.get("details").get("echo").asText());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server process exits after draining");
        } finally {
            p.destroyForcibly();
        }
    }
}
