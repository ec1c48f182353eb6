package dev.arbiter.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract every reward type keeps. A family's test for a type extends this class, names a spec and a few
 * samples, and inherits the checks: the type is reachable by name, its signature is pinned and changes with its
 * parameters, it is deterministic (also across threads and interleavings), bad input becomes a status and never an
 * exception, a deadline never silently changes a score, and batches equal single calls.
 */
public abstract class RewardContractTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    /** A spec of the type under test, as a user would write it (a type name or YAML/JSON text). */
    protected abstract String spec();

    /** The same type with one parameter changed. */
    protected abstract String otherSpec();

    /** The signature {@link #spec()} must resolve to; pins it against accidental change. */
    protected abstract String expectedSignature();

    /** Valid samples, ideally some scoring high and some low. */
    protected abstract List<Sample> samples();

    protected double minScore() {
        return 0.0;
    }

    protected double maxScore() {
        return 1.0;
    }

    /** Whether a sample without a reference must be {@code invalid_input}. */
    protected boolean requiresReference() {
        return true;
    }

    protected final RewardRegistry registry() {
        return RewardRegistry.fromServiceLoader();
    }

    protected final Reward reward() {
        return RewardSpec.resolve(spec(), registry()).reward();
    }

    protected final RewardResult score(Reward r, Sample s) {
        return ResultInvariants.check(Scoring.guarded(r, s, Deadline.none()), minScore(), maxScore());
    }

    @Test
    public void signatureIsPinnedAndStable() {
        assertEquals(expectedSignature(), reward().signature().text());
        assertEquals(reward().signature(), reward().signature(), "building the spec twice gives the same signature");
        assertNotEquals(reward().signature().text(), RewardSpec.resolve(otherSpec(), registry()).reward().signature().text(),
                "a changed parameter must change the signature");
    }

    @Test
    public void validSamplesScoreOk() {
        Reward r = reward();
        List<Sample> samples = samples();
        assertFalse(samples.isEmpty(), "the contract test needs samples");
        for (Sample s : samples) {
            RewardResult res = score(r, s);
            assertEquals(Status.OK, res.status(), () -> "valid sample " + s + " gave " + res);
        }
    }

    @Test
    public void deterministicAcrossCallsInterleavingsAndThreads() throws Exception {
        Reward r = reward();
        List<Sample> samples = samples();
        List<RewardResult> first = new ArrayList<>();
        for (Sample s : samples) {
            first.add(score(r, s));
        }
        for (int i = samples.size() - 1; i >= 0; i--) {
            assertEquals(first.get(i), score(r, samples.get(i)), "reverse order, sample " + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<RewardResult>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = 31L * t;
                futures.add(pool.submit(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < samples.size() * 20; i++) {
                        order.add(i % samples.size());
                    }
                    java.util.Collections.shuffle(order, new Random(seed));
                    List<RewardResult> got = new ArrayList<>(java.util.Collections.nCopies(samples.size(), null));
                    for (int i : order) {
                        RewardResult res = Scoring.guarded(r, samples.get(i), Deadline.none());
                        if (got.get(i) != null && !got.get(i).equals(res)) {
                            throw new AssertionError("sample " + i + " gave " + got.get(i) + " then " + res);
                        }
                        got.set(i, res);
                    }
                    return got;
                }));
            }
            for (Future<List<RewardResult>> f : futures) {
                assertEquals(first, f.get(), "results on other threads");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void badInputBecomesAStatusNeverAnException() {
        Reward r = reward();
        Sample base = samples().get(0);
        RewardResult noResponse = score(r, base.withResponse(null));
        assertEquals(Status.INVALID_INPUT, noResponse.status(), "a sample without a response");
        if (requiresReference()) {
            assertEquals(Status.INVALID_INPUT, score(r, base.withReference(null)).status(), "a sample without a reference");
        }
        String huge = "x ".repeat(1_000_000);
        List<Sample> bad = List.of(
                base.withResponse(""),
                base.withResponse("   \n\t "),
                base.withResponse(huge),
                base.withResponse("\uD800 lone surrogate \uDFFF and \u0000 nul"),
                base.withResponse("\\boxed{" + "{".repeat(5000)),
                base.withReference(J.numberNode(42)),
                base.withReference(J.booleanNode(true)),
                base.withReference(J.arrayNode()),
                base.withReference(J.objectNode().put("unexpected", 1)),
                base.withReference(J.textNode("")),
                base.withReference(nested(200)));
        for (Sample s : bad) {
            try {
                ResultInvariants.check(r.score(s, Deadline.none()), minScore(), maxScore());
            } catch (InvalidInputException | DeadlineExceededException expected) {
                // the documented ways to refuse a sample
            } catch (RuntimeException e) {
                fail("bad input must not throw " + e + " for " + describe(s), e);
            }
            score(r, s);
        }
    }

    @Test
    public void aDeadlineNeverChangesAScore() {
        Reward r = reward();
        for (Sample s : samples()) {
            RewardResult unhurried = score(r, s);
            for (int step = 1; step <= 64; step *= 4) {
                FakeTicker ticker = new FakeTicker(Duration.ofMillis(step));
                Deadline d = Deadline.after(Duration.ofMillis(40), ticker);
                RewardResult hurried = ResultInvariants.check(Scoring.guarded(r, s, d), minScore(), maxScore());
                assertTrue(hurried.status() == Status.TIMEOUT || hurried.equals(unhurried),
                        () -> "under a deadline the result must be the same or a timeout, was " + hurried + " vs " + unhurried);
            }
            FakeTicker frozen = new FakeTicker();
            Deadline spent = Deadline.after(Duration.ofMillis(10), frozen);
            frozen.advance(Duration.ofMillis(11));
            assertEquals(Status.TIMEOUT, Scoring.guarded(r, s, spent).status(), "a spent deadline");
        }
    }

    @Test
    public void batchEqualsSingleCallsAndSurvivesABadSample() {
        Reward r = reward();
        List<Sample> batch = new ArrayList<>(samples());
        batch.add(batch.get(0).withResponse(null));
        List<RewardResult> results = r.scoreBatch(batch, Deadline.none());
        assertEquals(batch.size(), results.size(), "one result per sample");
        for (int i = 0; i < batch.size(); i++) {
            assertEquals(score(r, batch.get(i)), ResultInvariants.check(results.get(i), minScore(), maxScore()));
        }
        assertEquals(Status.INVALID_INPUT, results.get(results.size() - 1).status());
    }

    private static JsonNode nested(int depth) {
        JsonNode n = J.textNode("deep");
        for (int i = 0; i < depth; i++) {
            n = J.arrayNode().add(n);
        }
        return n;
    }

    private static String describe(Sample s) {
        String resp = s.response() == null ? "null" : s.response().length() > 40 ? s.response().substring(0, 40) + "…" : s.response();
        return "response=" + resp + " reference=" + (s.reference() == null ? "null" : dev.arbiter.core.References.abbreviate(s.reference().toString()));
    }
}
