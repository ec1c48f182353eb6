package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Twice the capacity: every accepted sample is answered exactly once and with its own result, every rejected request
 * gets 503 with Retry-After, nothing is lost or duplicated, admitted samples never exceed the capacity, and the server
 * is healthy afterwards.
 */
class OverloadTest {

    @Test
    void twiceTheCapacityHeldAtTheGate() throws Exception {
        try (TestServer t = TestServer.start(b -> {
            b.spec("gate", "{type: test_gate, deadline: 30s}");
            b.config.workerThreads(2).maxBatchSize(4).queueCapacity(4);
        })) {
            ScoringEngine engine = t.server.engine();
            // capacity 4: two samples run at the gate, two wait in the queue
            List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                accepted.add(sendAsync(t, "/v1/score", "{\"samples\": [{\"response\": \"wait-" + i + "\"}]}"));
            }
            t.gate.awaitArrivals(2);
            Conditions.await("4 samples admitted", () -> engine.admitted() == 4);
            assertEquals(2, engine.queueDepth());

            // 4 more single samples and a batch of 2 — twice the capacity and more — are all refused at once
            List<TestServer.Answer> refused = new ArrayList<>();
            for (int i = 4; i < 8; i++) {
                refused.add(t.post("/v1/score", "{\"samples\": [{\"response\": \"wait-" + i + "\"}]}"));
            }
            refused.add(t.post("/get_reward", "{\"query\": [\"wait-8\", \"wait-9\"]}"));
            for (TestServer.Answer a : refused) {
                assertEquals(503, a.status(), a.body());
                assertEquals("1", a.header("Retry-After"));
                assertEquals("overload", a.json().get("error").asText());
            }
            TestServer.Answer notReady = t.get("/readyz");
            assertEquals(503, notReady.status());
            assertEquals(4, notReady.json().get("samples_admitted").asInt());
            assertEquals(200, t.get("/healthz").status());

            t.gate.open();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = accepted.get(i).get();
                assertEquals(200, r.statusCode(), r.body());
                JsonNode result = TestServer.MAPPER.readTree(r.body()).get("results").get(0);
                assertEquals("ok", result.get("status").asText());
                assertEquals("wait-" + i, result.get("details").get("echo").asText());
            }
            Conditions.await("the queue drained", () -> engine.admitted() == 0);
            assertEquals(200, t.get("/readyz").status());
            assertEquals(200, t.post("/v1/score", "{\"samples\": [{\"response\": \"after\"}]}").status());
            String metrics = t.get("/metrics").body();
            assertTrue(metrics.contains("arbiter_rejected_requests_total{endpoint=\"native\",reason=\"overload\"} 4.0"),
                    metrics);
            assertTrue(metrics.contains("arbiter_rejected_requests_total{endpoint=\"openrlhf\",reason=\"overload\"} 1.0"));
            assertTrue(metrics.contains("arbiter_samples_total{reward=\"gate\",status=\"ok\"} 5.0"));
        }
    }

    @Test
    void aBoundedStormAtTwiceTheCapacity() throws Exception {
        int capacity = 8;
        try (TestServer t = TestServer.start(b -> {
            b.spec("gate", "{type: test_gate, deadline: 10s}");
            b.config.workerThreads(2).maxBatchSize(4).queueCapacity(capacity);
        })) {
            ScoringEngine engine = t.server.engine();
            int clients = 8;                      // 8 clients × batches of 2 = 16 samples in flight: 2 × capacity
            long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            AtomicInteger ids = new AtomicInteger();
            Set<String> sent = ConcurrentHashMap.newKeySet();
            Set<String> answered = ConcurrentHashMap.newKeySet();
            AtomicInteger duplicates = new AtomicInteger();
            AtomicInteger rejected = new AtomicInteger();
            AtomicInteger acceptedRequests = new AtomicInteger();
            AtomicInteger maxAdmitted = new AtomicInteger();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    running.add(pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            String a = "work-" + ids.incrementAndGet();
                            String b = "work-" + ids.incrementAndGet();
                            sent.add(a);
                            sent.add(b);
                            TestServer.Answer r = t.post("/v1/score", "{\"samples\": [{\"response\": \"" + a
                                    + "\"}, {\"response\": \"" + b + "\"}]}");
                            maxAdmitted.accumulateAndGet(engine.admitted(), Math::max);
                            if (r.status() == 503) {
                                rejected.incrementAndGet();
                                sent.remove(a);
                                sent.remove(b);
                                if (!"1".equals(r.header("Retry-After"))) {
                                    problems.add("503 without Retry-After: " + r.body());
                                }
                                continue;
                            }
                            if (r.status() != 200) {
                                problems.add("status " + r.status() + ": " + r.body());
                                continue;
                            }
                            acceptedRequests.incrementAndGet();
                            JsonNode results = r.json().get("results");
                            List<String> expected = List.of(a, b);
                            for (int i = 0; i < 2; i++) {
                                JsonNode x = results.get(i);
                                if (!"ok".equals(x.get("status").asText())) {
                                    problems.add("not ok: " + x);
                                    continue;
                                }
                                String echo = x.get("details").get("echo").asText();
                                if (!echo.equals(expected.get(i))) {
                                    problems.add("sample " + expected.get(i) + " got the answer of " + echo);
                                }
                                if (!answered.add(echo)) {
                                    duplicates.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of(), problems);
            assertEquals(0, duplicates.get());
            assertEquals(new HashSet<>(sent), new HashSet<>(answered), "every accepted sample answered exactly once");
            assertEquals(2 * acceptedRequests.get(), answered.size());
            assertTrue(acceptedRequests.get() > 0, "some requests were accepted");
            assertTrue(rejected.get() > 0, "twice the capacity must shed some load");
            assertTrue(maxAdmitted.get() <= capacity, "admitted " + maxAdmitted.get() + " > capacity " + capacity);
            Conditions.await("the queue drained", () -> engine.admitted() == 0);
            assertEquals(200, t.get("/healthz").status());
            assertEquals(200, t.get("/readyz").status());
            TestServer.Answer after = t.post("/v1/score", "{\"samples\": [{\"response\": \"after\"}]}");
            assertEquals(200, after.status());
            String metrics = t.get("/metrics").body();
            assertNotNull(metrics);
            assertTrue(metrics.contains("arbiter_rejected_requests_total{endpoint=\"native\",reason=\"overload\"} "
                    + rejected.get() + ".0"), "rejections counted");
        }
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(TestServer t, String path, String body) {
        return t.client.sendAsync(HttpRequest.newBuilder(t.uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
