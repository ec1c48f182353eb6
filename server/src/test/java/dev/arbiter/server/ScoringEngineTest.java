package dev.arbiter.server;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine alone: admission all-or-nothing, exactly-once answers, expiry, close. */
class ScoringEngineTest {
    final GateReward gate = new GateReward();
    final RewardRegistry registry;

    ScoringEngineTest() {
        List<RewardFactory> f = new ArrayList<>();
        ServiceLoader.load(RewardFactory.class).forEach(f::add);
        f.add(gate);
        registry = new RewardRegistry(f);
    }

    NamedSpec spec(String text) {
        return new NamedSpec("s", RewardSpec.resolve(text, registry));
    }

    static List<ScoringEngine.Item> items(NamedSpec spec, String... responses) {
        List<ScoringEngine.Item> out = new ArrayList<>();
        for (String r : responses) {
            out.add(ScoringEngine.Item.of(spec, Sample.of(r, TextNode.valueOf(r))));
        }
        return out;
    }

    @Test
    void admissionIsAllOrNothing() throws Exception {
        NamedSpec gated = spec("{type: test_gate, deadline: 30s}");
        try (ScoringEngine engine = new ScoringEngine(1, 3, 0)) {
            ScoringEngine.Ticket held = engine.trySubmit(items(gated, "wait-1", "wait-2"), Duration.ofSeconds(30)).orElseThrow();
            gate.awaitArrivals(1);
            assertEquals(2, engine.admitted());
            assertEquals(Optional.empty(), engine.trySubmit(items(gated, "a", "b"), Duration.ofSeconds(30)));
            assertEquals(2, engine.admitted(), "a refused request takes nothing");
            // early answers need no room
            ScoringEngine.Ticket early = engine.trySubmit(List.of(ScoringEngine.Item.answered(gated,
                    RewardResult.invalidInput("bad"))), Duration.ofSeconds(1)).orElseThrow();
            assertEquals(Status.INVALID_INPUT, early.results().get(5, TimeUnit.SECONDS).get(0).status());
            gate.open();
            assertEquals(2, held.results().get(30, TimeUnit.SECONDS).size());
            Conditions.await("permits back", () -> engine.admitted() == 0);
        }
    }

    @Test
    void expiryAnswersOnceAndLateResultsAreDropped() throws Exception {
        NamedSpec gated = spec("{type: test_gate, deadline: 30s}");
        AtomicInteger answers = new AtomicInteger();
        try (ScoringEngine engine = new ScoringEngine(1, 8, 0, (s, r, n, c) -> answers.incrementAndGet(),
                dev.arbiter.core.Ticker.system())) {
            ScoringEngine.Ticket t = engine.trySubmit(items(gated, "wait-1", "fast", "wait-2"), Duration.ofSeconds(30))
                    .orElseThrow();
            gate.awaitArrivals(1);
            assertEquals(3, t.expire("expired by the test"));
            assertEquals(0, t.expire("again"));
            List<RewardResult> r = t.results().get(5, TimeUnit.SECONDS);
            for (RewardResult x : r) {
                assertEquals(Status.TIMEOUT, x.status());
                assertEquals("expired by the test", x.reason());
            }
            gate.open();
            Conditions.await("permits back", () -> engine.admitted() == 0);
            assertEquals(3, answers.get(), "one answer per item, late results dropped");
            assertEquals(r, t.results().get());
        }
    }

    @Test
    void closeAnswersWhatIsStillWaiting() throws Exception {
        NamedSpec gated = spec("{type: test_gate, deadline: 30s}");
        ScoringEngine engine = new ScoringEngine(1, 8, 0);
        ScoringEngine.Ticket t = engine.trySubmit(items(gated, "wait-1", "fast-1", "fast-2"), Duration.ofSeconds(30))
                .orElseThrow();
        gate.awaitArrivals(1);
        engine.close();
        assertTrue(engine.isClosed());
        assertFalse(engine.trySubmit(items(gated, "x"), Duration.ofSeconds(1)).isPresent());
        gate.open();
        List<RewardResult> r = t.results().get(30, TimeUnit.SECONDS);
        assertEquals(Status.OK, r.get(0).status());
        assertEquals(Status.ERROR, r.get(1).status());
        assertTrue(r.get(2).reason().contains("shut down"), r.get(2).reason());
    }

    @Test
    void aStubbornSampleOfARequestTimesOutAndTheRestOfItsBatchIsScoredInOrder() throws Exception {
        NamedSpec gated = spec("{type: test_gate, deadline: 1s}");
        dev.arbiter.testkit.FakeTicker ticker = new dev.arbiter.testkit.FakeTicker();
        AtomicInteger answers = new AtomicInteger();
        try (ScoringEngine engine = new ScoringEngine(1, 8, 0, (s, r, n, c) -> answers.incrementAndGet(), ticker)) {
            ScoringEngine.Ticket t = engine.trySubmit(items(gated, "fast-1", "stubborn", "fast-2", "fast-3"),
                    Duration.ofSeconds(30)).orElseThrow();
            gate.awaitArrivals(1);
            assertFalse(t.isDone());
            // past the stubborn sample's own deadline and grace; the watchdog (on this ticker) abandons it
            ticker.advance(Duration.ofMillis(1250));
            List<RewardResult> r = t.results().get(30, TimeUnit.SECONDS);
            assertEquals(List.of(Status.OK, Status.TIMEOUT, Status.OK, Status.OK), r.stream().map(RewardResult::status).toList());
            assertEquals(List.of("fast-1", "fast-3"), List.of(String.valueOf(r.get(0).details().get("echo")),
                    String.valueOf(r.get(3).details().get("echo"))));
            assertTrue(r.get(1).reason().contains("abandoned"), r.get(1).reason());
            assertEquals(1, engine.abandonedCount());
            Conditions.await("permits back", () -> engine.admitted() == 0);
            assertEquals(4, answers.get(), "one answer per sample");
        } finally {
            gate.open();
        }
    }

    @Test
    void closeWithSeveralRequestsQueuedAnswersEverySampleOnce() throws Exception {
        NamedSpec gated = spec("{type: test_gate, deadline: 30s}");
        AtomicInteger answers = new AtomicInteger();
        ScoringEngine engine = new ScoringEngine(2, 64, 0, (s, r, n, c) -> answers.incrementAndGet(),
                dev.arbiter.core.Ticker.system());
        List<ScoringEngine.Ticket> tickets = new ArrayList<>();
        tickets.add(engine.trySubmit(items(gated, "wait-1", "wait-2", "a", "b"), Duration.ofSeconds(30)).orElseThrow());
        gate.awaitArrivals(2);
        for (int i = 0; i < 5; i++) {
            tickets.add(engine.trySubmit(items(gated, "x" + i, "y" + i, "z" + i), Duration.ofSeconds(30)).orElseThrow());
        }
        assertEquals(2, engine.busyWorkers());
        assertEquals(19 - 2, engine.queueDepth());
        engine.close();
        gate.open();
        int errors = 0;
        for (ScoringEngine.Ticket t : tickets) {
            for (RewardResult r : t.results().get(30, TimeUnit.SECONDS)) {
                if (r.status() == Status.ERROR) {
                    assertTrue(r.reason().contains("shut down"), r.reason());
                    errors++;
                }
            }
        }
        assertEquals(List.of(Status.OK, Status.OK), tickets.get(0).results().get().subList(0, 2).stream()
                .map(RewardResult::status).toList(), "running samples finish");
        assertEquals(17, errors, "every queued sample is answered 'shut down'");
        Conditions.await("permits back", () -> engine.admitted() == 0);
        assertEquals(19, answers.get());
    }

    @Test
    void inProcessScoringMatchesAndChecksCapacity() throws Exception {
        NamedSpec em = spec("exact_match");
        try (ScoringEngine engine = new ScoringEngine(2, 4, 0)) {
            List<RewardResult> r = engine.scoreAll(items(em, "a", "b"), Duration.ofSeconds(5));
            assertEquals(List.of(1.0, 1.0), r.stream().map(RewardResult::score).toList());
            assertThrows(IllegalArgumentException.class,
                    () -> engine.scoreAll(items(em, "1", "2", "3", "4", "5"), Duration.ofSeconds(5)));
            assertEquals(List.of(), engine.scoreAll(List.of(), Duration.ofSeconds(1)));
        }
    }

    @Test
    void configRejectsImpossibleCombinations() {
        RewardSpec s = RewardSpec.resolve("exact_match", registry);
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().spec("a", s).maxBatchSize(10)
                .queueCapacity(5).build());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().spec("a b", s).build());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().spec("a", s).spec("a", s));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().spec("a", s).token(" ").build());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().spec("a", s)
                .requestDeadline(Duration.ofMinutes(10)).build());
        ServerConfig c = ServerConfig.builder().spec("first", s).spec("second", s).build();
        assertEquals("first", c.defaultSpecName());
        assertEquals("127.0.0.1", c.host());
        assertEquals(8000, c.port());
        assertEquals(4 * c.maxBatchSize(), c.queueCapacity());
        assertFalse(c.toString().contains("token=s"), c.toString());
    }

    @Test
    void openRlhfResponseExtraction() {
        assertEquals(" 42", OpenRlhfProtocol.responseOf("Q: x? A: 42", "Q: x? A:"));
        assertEquals("42", OpenRlhfProtocol.responseOf("<s>Q A: 42", "Q A: "));
        assertEquals("whole", OpenRlhfProtocol.responseOf("whole", "not there"));
        assertEquals("so 42", OpenRlhfProtocol.stripEnd("so 42<|im_end|>\n<|endoftext|>  ",
                ServerConfig.DEFAULT_END_OF_TEXT_MARKERS));
        assertEquals("a</s>b", OpenRlhfProtocol.stripEnd("a</s>b</s>", List.of("</s>")));
    }
}
