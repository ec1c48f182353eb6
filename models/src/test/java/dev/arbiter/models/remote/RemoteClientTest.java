package dev.arbiter.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.Ticker;
import dev.arbiter.models.ScriptedServer;
import dev.arbiter.models.ScriptedServer.Reply;
import dev.arbiter.testkit.FakeTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote client against a real local HTTP server: retries, backoff, timeouts, breaker, cache, concurrency, keys. */
class RemoteClientTest {
    ScriptedServer server;
    FakeTicker ticker;
    List<Duration> sleeps;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        server.on("/v1/echo", body -> Reply.json(ScriptedServer.JSON.createObjectNode().set("got", body)));
        ticker = new FakeTicker();
        sleeps = Collections.synchronizedList(new ArrayList<>());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    EndpointConfig config(int attempts, int breaker, int cache, int concurrency, Duration timeout) {
        return new EndpointConfig(java.net.URI.create(server.baseUrl() + "/v1"), "m", null, null, timeout,
                Duration.ofSeconds(5), concurrency, attempts, Duration.ofMillis(100), Duration.ofSeconds(5), breaker,
                Duration.ofSeconds(30), cache);
    }

    RemoteClient client(EndpointConfig cfg, Secret secret) {
        return new RemoteClient(cfg, secret, HttpTransport.jdk(cfg.connectTimeout()), ticker,
                d -> {
                    sleeps.add(d);
                    ticker.advance(d);
                }, null);
    }

    RemoteClient client(int attempts) {
        return client(config(attempts, 100, 0, 8, Duration.ofSeconds(10)), Secret.none());
    }

    static ObjectNode body(String v) {
        return ScriptedServer.JSON.createObjectNode().put("q", v);
    }

    @Test
    void sendsTheKeyOnlyInTheAuthorizationHeader(@TempDir Path tmp) throws IOException {
        Path keyFile = tmp.resolve("key");
        Files.writeString(keyFile, "sk-secret-123\n");
        EndpointConfig cfg = EndpointConfig.fromJson(ScriptedServer.JSON.createObjectNode()
                .put("base_url", server.baseUrl() + "/v1").put("api_key_file", keyFile.toString()), k -> null);
        Secret secret = cfg.secret(k -> null);
        RemoteClient c = client(cfg, secret);
        JsonNode got = c.post("/echo", body("x"), Deadline.none());
        assertEquals("x", got.path("got").path("q").asText());
        assertEquals("Bearer sk-secret-123", server.received().get(0).headers().get("authorization"));
        assertFalse(secret.toString().contains("sk-secret"), secret.toString());
        assertFalse(cfg.toString().contains("sk-secret"), cfg.toString());
        server.enqueue("/v1/echo", Reply.status(401));
        RemoteException e = assertThrows(RemoteException.class, () -> c.post("/echo", body("y"), Deadline.none()));
        assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
        Secret fromEnv = Secret.resolve("MY_KEY", null, Map.of("MY_KEY", "sk-env"));
        assertEquals("env:MY_KEY", fromEnv.origin());
        assertFalse(fromEnv.toString().contains("sk-env"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Secret.resolve("NOPE", null, Map.of()));
        assertTrue(missing.getMessage().contains("NOPE"));
    }

    @Test
    void retries429HonouringRetryAfter() {
        server.enqueue("/v1/echo", Reply.status(429).header("Retry-After", "2"), Reply.status(429));
        RemoteClient c = client(4);
        assertEquals("a", c.post("/echo", body("a"), Deadline.none()).path("got").path("q").asText());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofMillis(200)), sleeps, "Retry-After, then exponential");
        assertEquals(3, server.received().size());
        assertEquals(CircuitBreaker.State.CLOSED, c.breaker().state(), "429 is not a failure of the endpoint");
    }

    @Test
    void retries5xxWithExponentialBackoffThenGivesUp() {
        server.enqueue("/v1/echo", Reply.status(503), Reply.status(502), Reply.status(500), Reply.status(500));
        RemoteClient c = client(4);
        RemoteException e = assertThrows(RemoteException.class, () -> c.post("/echo", body("a"), Deadline.none()));
        assertTrue(e.getMessage().contains("failed after 4 attempts") && e.getMessage().contains("HTTP 500"), e.getMessage());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)), sleeps);
        assertEquals(4, server.received().size());
        assertEquals("b", c.post("/echo", body("b"), Deadline.none()).path("got").path("q").asText(), "recovers");
    }

    @Test
    void clientErrorsAndGarbageAreNotRetriedAndKeepTheRawText() {
        server.enqueue("/v1/echo", Reply.status(400));
        RemoteClient c = client(4);
        RemoteException e = assertThrows(RemoteException.class, () -> c.post("/echo", body("a"), Deadline.none()));
        assertEquals(400, e.httpStatus());
        assertTrue(e.rawExcerpt().contains("scripted 400"));
        server.enqueue("/v1/echo", Reply.garbage());
        e = assertThrows(RemoteException.class, () -> c.post("/echo", body("b"), Deadline.none()));
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
        assertEquals("<html>not json at all", e.rawExcerpt());
        assertEquals(2, server.received().size());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() {
        server.enqueue("/v1/echo", Reply.json(body("late")).slow(5000));
        RemoteClient c = client(config(2, 100, 0, 8, Duration.ofMillis(1000)), Secret.none());
        JsonNode got = c.post("/echo", body("a"), Deadline.none());
        assertEquals("a", got.path("got").path("q").asText(), "the retry got the default answer");
        assertEquals(1, sleeps.size());
    }

    @Test
    void theSamplesDeadlineBoundsTheWaitAndIsATimeout() {
        server.enqueue("/v1/echo", Reply.json(body("late")).slow(3000));
        RemoteClient c = client(4);
        Deadline d = Deadline.after(Duration.ofMillis(250), Ticker.system());
        assertThrows(DeadlineExceededException.class, () -> c.post("/echo", body("a"), d));
        FakeTicker t = new FakeTicker();
        Deadline spentDuringBackoff = Deadline.after(Duration.ofMillis(150), t);
        server.enqueue("/v1/echo", Reply.status(503));
        DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                () -> client(config(4, 100, 0, 8, Duration.ofSeconds(10)), Secret.none()).post("/echo", body("b"),
                        Deadline.after(Duration.ofMillis(50), t)));
        assertTrue(e.getMessage().contains("backing off"), e.getMessage());
        assertFalse(spentDuringBackoff.expired());
    }

    @Test
    void theCircuitOpensFailsFastAndRecoversThroughAProbe() {
        RemoteClient c = client(config(1, 2, 0, 8, Duration.ofSeconds(10)), Secret.none());
        server.enqueue("/v1/echo", Reply.status(500), Reply.status(500));
        assertThrows(RemoteException.class, () -> c.post("/echo", body("1"), Deadline.none()));
        assertThrows(RemoteException.class, () -> c.post("/echo", body("2"), Deadline.none()));
        assertEquals(CircuitBreaker.State.OPEN, c.breaker().state());
        RemoteException open = assertThrows(RemoteException.class, () -> c.post("/echo", body("3"), Deadline.none()));
        assertTrue(open.getMessage().startsWith("circuit open"), open.getMessage());
        assertEquals(2, server.received().size(), "an open circuit sends nothing");
        ticker.advance(Duration.ofSeconds(31));
        assertEquals(CircuitBreaker.State.HALF_OPEN, c.breaker().state());
        server.enqueue("/v1/echo", Reply.status(500));
        assertThrows(RemoteException.class, () -> c.post("/echo", body("4"), Deadline.none()));
        assertEquals(CircuitBreaker.State.OPEN, c.breaker().state(), "a failed probe opens it again");
        ticker.advance(Duration.ofSeconds(31));
        assertEquals("5", c.post("/echo", body("5"), Deadline.none()).path("got").path("q").asText());
        assertEquals(CircuitBreaker.State.CLOSED, c.breaker().state());
    }

    @Test
    void connectionFailuresAreRetriedAndCountAgainstTheBreaker() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        EndpointConfig cfg = new EndpointConfig(java.net.URI.create("http://127.0.0.1:" + port), null, null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(2), 4, 3, Duration.ofMillis(10), Duration.ofSeconds(1), 3,
                Duration.ofSeconds(30), 0);
        RemoteClient c = client(cfg, Secret.none());
        RemoteException e = assertThrows(RemoteException.class, () -> c.post("/x", body("a"), Deadline.none()));
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
        assertEquals(2, sleeps.size());
        assertEquals(CircuitBreaker.State.OPEN, c.breaker().state());
    }

    @Test
    void theCacheSendsARepeatedRequestOnceAndIsBounded() {
        RemoteClient c = client(config(1, 100, 2, 8, Duration.ofSeconds(10)), Secret.none());
        JsonNode first = c.post("/echo", body("a"), Deadline.none());
        assertEquals(first, c.post("/echo", body("a"), Deadline.none()));
        assertEquals(1, server.received().size());
        c.post("/echo", body("b"), Deadline.none());
        c.post("/echo", body("c"), Deadline.none());
        assertEquals(2, c.cache().size());
        c.post("/echo", body("a"), Deadline.none());
        assertEquals(4, server.received().size(), "a was evicted, so it is asked again");
        server.enqueue("/v1/echo", Reply.status(400));
        assertThrows(RemoteException.class, () -> c.post("/echo", body("d"), Deadline.none()));
        assertEquals("d", c.post("/echo", body("d"), Deadline.none()).path("got").path("q").asText(), "failures are not cached");
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        server.on("/v1/echo", b -> Reply.json(ScriptedServer.JSON.createObjectNode().set("got", b)).slow(60));
        RemoteClient c = client(config(1, 100, 0, 2, Duration.ofSeconds(10)), Secret.none());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<JsonNode>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String v = "v" + i;
                fs.add(pool.submit(() -> c.post("/echo", body(v), Deadline.none())));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals("v" + i, fs.get(i).get().path("got").path("q").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(server.maxInFlight() <= 2, "at most 2 in flight, saw " + server.maxInFlight());
    }

    @Test
    void endpointConfigValidation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndpointConfig.fromJson(
                ScriptedServer.JSON.createObjectNode().put("base_url", "http://x").put("retries", 3), k -> null));
        assertTrue(e.getMessage().contains("unknown endpoint key 'retries'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EndpointConfig.fromJson(
                ScriptedServer.JSON.createObjectNode().put("base_url", "ftp://x"), k -> null));
        assertTrue(e.getMessage().contains("http(s)"), e.getMessage());
        EndpointConfig c = EndpointConfig.fromJson(ScriptedServer.JSON.createObjectNode().put("base_url_env", "U")
                .put("timeout", "2s").put("max_attempts", 2), k -> k.equals("U") ? "http://h:1/v1/" : null);
        assertEquals("http://h:1/v1/chat/completions", c.resolve("/chat/completions").toString());
        assertEquals(Duration.ofSeconds(2), c.timeout());
        assertNull(c.model());
    }
}
