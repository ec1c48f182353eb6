package dev.arbiter.sql;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.sql.bench.ExamplePairs;
import dev.arbiter.sql.bench.SqlBenchAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many threads on one reward: the same results as one thread, a bounded pool, and a clean close. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
    private static final String ROOT = ExampleFilesTest.DIR.toString();

    @Test
    void manyThreadsGiveTheSameResultsAsOne() throws Exception {
        List<Sample> samples = SqlBenchAccess.samples(ExamplePairs.generate(240, 8, 11L), "shop.sqlite");
        for (String type : List.of("sql_execution", "reasoning_sql")) {
            Reward sequential = TestDatabases.build("{type: " + type + ", db_root: '" + ROOT + "'}");
            List<RewardResult> expected = new ArrayList<>();
            for (Sample s : samples) {
                RewardResult r = Scoring.guarded(sequential, s, Deadline.none());
                assertEquals(Status.OK, r.status(), r::toString);
                expected.add(r);
            }
            Reward shared = TestDatabases.build("{type: " + type + ", db_root: '" + ROOT + "'}");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<RewardResult>> futures = new ArrayList<>();
                for (int i = samples.size() - 1; i >= 0; i--) {
                    Sample s = samples.get(i);
                    futures.add(pool.submit(() -> Scoring.guarded(shared, s, Deadline.none())));
                }
                for (int i = 0; i < samples.size(); i++) {
                    assertEquals(expected.get(samples.size() - 1 - i), futures.get(i).get(), type + " sample " + i);
                }
            } finally {
                pool.shutdownNow();
            }
            if (shared instanceof SqlExecution e) {
                int bound = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
                assertTrue(e.idleConnections() <= bound, "idle connections " + e.idleConnections() + " > " + bound);
            }
            ((AutoCloseable) shared).close();
            ((AutoCloseable) sequential).close();
        }
    }

    @Test
    void aClosedRewardReportsAnErrorInsteadOfOpeningConnections() throws Exception {
        SqlExecution r = (SqlExecution) TestDatabases.build("{type: sql_execution, db_root: '" + ROOT + "'}");
        Sample s = SqlBenchAccess.samples(ExamplePairs.generate(1, 1, 1L), "shop.sqlite").get(0);
        assertEquals(1.0, Scoring.guarded(r, s, Deadline.none()).score());
        assertTrue(r.idleConnections() >= 1);
        r.close();
        assertEquals(0, r.idleConnections());
        RewardResult after = Scoring.guarded(r, s.withResponse("SELECT 1"), Deadline.none());
        assertEquals(Status.ERROR, after.status(), after::toString);
        assertThrows(IllegalStateException.class, () -> r.compare(SqlReference.of(s.reference()), "SELECT 2", Deadline.none(), false));
    }
}
