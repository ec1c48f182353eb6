package dev.arbiter.core.engine;

import dev.arbiter.core.Status;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a batch run did.
 *
 * @param rows     records written
 * @param counts   records per status
 * @param scoreSum the sum of the scores of {@code ok} records
 * @param elapsed  wall time of the run
 */
public record BatchSummary(long rows, Map<Status, Long> counts, double scoreSum, Duration elapsed) {

    public BatchSummary {
        EnumMap<Status, Long> c = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            c.put(s, counts.getOrDefault(s, 0L));
        }
        counts = Map.copyOf(c);
    }

    /** The mean score over {@code ok} records, or NaN when there are none. */
    public double meanOkScore() {
        long ok = counts.get(Status.OK);
        return ok == 0 ? Double.NaN : scoreSum / ok;
    }

    public double rowsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : rows / s;
    }
}
