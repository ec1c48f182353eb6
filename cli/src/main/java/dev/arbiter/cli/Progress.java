package dev.arbiter.cli;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.engine.BatchScorer;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: a bar redrawn in place on a terminal; a plain line every {@code plainEvery} seconds otherwise
 * (logs of CI and batch jobs stay readable). Called from the writer thread only.
 */
final class Progress implements BatchScorer.Listener {
    private final PrintStream err;
    private final boolean terminal;
    private final long totalBytes;
    private final LongSupplier bytesRead;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private boolean drewBar;

    Progress(PrintStream err, boolean terminal, long totalBytes, LongSupplier bytesRead, double plainEverySeconds) {
        this.err = err;
        this.terminal = terminal;
        this.totalBytes = totalBytes;
        this.bytesRead = bytesRead;
        this.intervalNanos = terminal ? 200_000_000L : (long) (plainEverySeconds * 1e9);
    }

    @Override
    public void written(long rows, dev.arbiter.core.Sample sample, RewardResult result) {
        long now = System.nanoTime();
        if (now - lastPrint < intervalNanos) {
            return;
        }
        lastPrint = now;
        double secs = (now - start) / 1e9;
        long rate = secs > 0 ? Math.round(rows / secs) : 0;
        String pct = "";
        int filled = 0;
        if (totalBytes > 0) {
            double f = Math.min(1.0, bytesRead.getAsLong() / (double) totalBytes);
            pct = String.format("%3d%% ", Math.round(f * 100));
            filled = (int) Math.round(f * 30);
        }
        if (terminal) {
            String bar = "[" + "=".repeat(filled) + " ".repeat(30 - filled) + "]";
            err.print("\rscoring " + pct + (totalBytes > 0 ? bar + " " : "") + rows + " rows, " + rate + " rows/s   ");
            drewBar = true;
        } else {
            err.println("scoring " + pct + rows + " rows, " + rate + " rows/s, " + Math.round(secs) + " s");
        }
        err.flush();
    }

    void finish() {
        if (drewBar) {
            err.print("\r" + " ".repeat(79) + "\r");
            err.flush();
        }
    }
}
