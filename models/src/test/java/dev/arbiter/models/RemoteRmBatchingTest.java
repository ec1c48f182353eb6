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
import dev.arbiter.models.ScriptedServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.arbiter.models.Fixtures.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code remote_rm} under the engine's threading: single-sample calls from many workers share requests, several
 * requests stay in flight, and one input the server refuses never fails the inputs it was sent with.
 */
class RemoteRmBatchingTest {
    /** The scripted server refuses a request when any input is longer than this, as vLLM does past the context. */
    private static final int CONTEXT = 120;

    private ScriptedServer server;
    private RewardRegistry registry;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
        server.on("/classify", body -> {
            ArrayNode data = ScriptedServer.JSON.createArrayNode();
            for (int i = 0; i < body.path("input").size(); i++) {
                String text = body.path("input").get(i).asText();
                if (text.length() > CONTEXT) {
                    return new Reply(400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is "
                            + CONTEXT + " tokens\"}", 0, java.util.Map.of());
                }
                data.addObject().put("index", i).putArray("probs").add(text.length() / 10.0);
            }
            return Reply.json(ScriptedServer.JSON.createObjectNode().set("data", data));
        });
        registry = RewardRegistry.fromServiceLoader();
    }

    @AfterEach
    void stop() {
        registry.close();
        server.close();
    }

    private Reward build(String extra) {
        return RewardSpec.resolve("{type: remote_rm, endpoint: {base_url: '" + server.baseUrl() + "', cache_size: 0}"
                + extra + "}", registry).reward();
    }

    private static Sample answer(int i) {
        return sample("Question " + i, "x".repeat(i % 7 + 1), null);
    }

    private static List<RewardResult> scoreConcurrently(Reward r, List<Sample> samples, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<RewardResult>> futures = new ArrayList<>();
            for (Sample s : samples) {
                futures.add(pool.submit(() -> Scoring.guarded(r, s, Deadline.after(Duration.ofSeconds(30), dev.arbiter.core.Ticker.system()))));
            }
            List<RewardResult> out = new ArrayList<>();
            for (Future<RewardResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentSingleCallsShareRequestsAndScoreAsAlone() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            samples.add(answer(i));
        }
        Reward alone = build(", batch_window: 0");
        List<RewardResult> expected = new ArrayList<>();
        for (Sample s : samples) {
            expected.add(Scoring.guarded(alone, s, Deadline.none()));
        }
        int before = server.received("/classify").size();
        assertEquals(64, before, "batch_window 0: one request per sample");

        Reward batched = build(", batch_window: 200ms, batch_size: 8");
        List<RewardResult> got = scoreConcurrently(batched, samples, 16);
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(Status.OK, got.get(i).status(), got.get(i).reason());
            assertEquals(expected.get(i).score(), got.get(i).score(), 0.0, "sample " + i);
        }
        List<ScriptedServer.Received> requests = server.received("/classify").subList(before, server.received("/classify").size());
        int inputs = requests.stream().mapToInt(r -> r.body().path("input").size()).sum();
        assertEquals(64, inputs, "every sample sent once");
        assertTrue(requests.size() < 64, requests.size() + " requests for 64 samples");
        assertTrue(requests.stream().allMatch(r -> r.body().path("input").size() <= 8), "batch_size bounds a request");
    }

    @Test
    void severalBatchesAreInFlightAtOnce() throws Exception {
        server.on("/classify", body -> {
            ArrayNode data = ScriptedServer.JSON.createArrayNode();
            for (int i = 0; i < body.path("input").size(); i++) {
                data.addObject().put("index", i).putArray("probs").add(1.0);
            }
            return Reply.json(ScriptedServer.JSON.createObjectNode().set("data", data)).slow(150);
        });
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            samples.add(answer(i));
        }
        Reward batched = build(", batch_window: 5ms, batch_size: 4");
        List<RewardResult> got = scoreConcurrently(batched, samples, 32);
        assertTrue(got.stream().allMatch(RewardResult::isOk));
        assertTrue(server.maxInFlight() > 1, "requests overlapped: " + server.maxInFlight());
    }

    @Test
    void anInputTheServerRefusesFailsAloneInABatch() throws Exception {
        Sample tooLong = sample("Q", "y".repeat(200), null);
        List<Sample> samples = List.of(answer(1), tooLong, answer(2), answer(3));
        Reward r = build(", batch_window: 0");
        List<RewardResult> rs = r.scoreBatch(samples, Deadline.none());
        assertEquals(Status.INVALID_INPUT, rs.get(1).status());
        assertTrue(rs.get(1).reason().contains("maximum context length"), rs.get(1).reason());
        for (int i : new int[] {0, 2, 3}) {
            assertEquals(Status.OK, rs.get(i).status(), rs.get(i).reason());
        }
        // one refused request of 4, then each input alone
        List<JsonNode> sizes = server.received("/classify").stream().map(x -> x.body().path("input")).toList();
        assertEquals(List.of(4, 1, 1, 1, 1), sizes.stream().map(JsonNode::size).toList());

        Reward batched = build(", batch_window: 200ms, batch_size: 4");
        List<RewardResult> got = scoreConcurrently(batched, samples, 4);
        assertEquals(Status.INVALID_INPUT, got.get(1).status());
        for (int i : new int[] {0, 2, 3}) {
            assertEquals(rs.get(i).score(), got.get(i).score(), 0.0);
        }
    }

    @Test
    void aServerErrorIsAnErrorForTheBatchNotInvalidInput() {
        server.enqueue("/classify", Reply.status(500), Reply.status(500), Reply.status(500), Reply.status(500));
        Reward r = RewardSpec.resolve("{type: remote_rm, batch_window: 0, endpoint: {base_url: '" + server.baseUrl()
                + "', cache_size: 0, max_attempts: 2, backoff: 1ms}}", registry).reward();
        List<RewardResult> rs = r.scoreBatch(List.of(answer(1), answer(2)), Deadline.none());
        assertEquals(List.of(Status.ERROR, Status.ERROR), rs.stream().map(RewardResult::status).toList());
    }

    @Test
    void theServedModelsOwnChatTemplateFromItsTokenizerFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% for m in "
                + "messages %}<{{ m.role }}>{{ m.content | trim }}{% endfor %}{{ eos_token }}\", \"eos_token\": \"</s>\"}");
        Reward jinja = build(", batch_window: 0, template: jinja, tokenizer_dir: '" + dir + "'");
        RewardResult r = Scoring.guarded(jinja, sample("Hi", " Hello ", null), Deadline.none());
        assertEquals(Status.OK, r.status(), r.reason());
        List<ScriptedServer.Received> got = server.received("/classify");
        assertEquals("<user>Hi<assistant>Hello</s>", got.get(got.size() - 1).body().path("input").get(0).asText());
        assertEquals("<user>Hi<assistant>Hello</s>".length() / 10.0, r.score(), 1e-12);
        Reward auto = build(", batch_window: 0, template: auto, tokenizer_dir: '" + dir + "'");
        assertEquals(r.score(), Scoring.guarded(auto, sample("Hi", " Hello ", null), Deadline.none()).score(), 0.0);
        dev.arbiter.core.spec.SpecException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.arbiter.core.spec.SpecException.class, () -> build(", template: jinja"));
        assertTrue(e.getMessage().contains("tokenizer_dir"), e.getMessage());
        java.nio.file.Path empty = java.nio.file.Files.createDirectory(dir.resolve("empty"));
        e = org.junit.jupiter.api.Assertions.assertThrows(dev.arbiter.core.spec.SpecException.class,
                () -> build(", template: jinja, tokenizer_dir: '" + empty + "'"));
        assertTrue(e.getMessage().contains("chat_template"), e.getMessage());
    }
}
