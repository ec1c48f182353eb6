package dev.arbiter.eval;

import java.io.PrintStream;

/**
 * A progress bar on a stream (stderr for the command line): redrawn in place at most five times a second on a
 * terminal; a plain line every {@code plainEverySeconds} otherwise, so CI logs stay readable. Thread-safe.
 */
public final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private String task = "scoring";
    private long start;
    private long lastPrint;
    private boolean drew;
    private boolean printedLine;

    public ConsoleProgress(PrintStream out, boolean terminal, double plainEverySeconds) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 200_000_000L : (long) (plainEverySeconds * 1e9);
    }

    /** On stderr; a bar when a console is attached, a line every 10 s otherwise. */
    public static ConsoleProgress stderr() {
        return new ConsoleProgress(System.err, System.console() != null, 10);
    }

    @Override
    public synchronized void start(String task, long total) {
        this.task = task;
        this.start = System.nanoTime();
        this.lastPrint = start;
        this.printedLine = false;
    }

    @Override
    public synchronized void advance(long done, long total) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (now - lastPrint < intervalNanos && !(last && (terminal || printedLine || total >= 1000))) {
            return;
        }
        printedLine = true;
        lastPrint = now;
        out.print(line(done, total, (now - start) / 1e9));
        out.flush();
    }

    /** The text printed for {@code done} of {@code total} after {@code seconds}. */
    String line(long done, long total, double seconds) {
        double f = total <= 0 ? 1 : Math.min(1.0, (double) done / total);
        long rate = seconds > 0 ? Math.round(done / seconds) : 0;
        String pct = String.format("%3d%%", Math.round(f * 100));
        if (terminal) {
            drew = true;
            int filled = (int) Math.round(f * WIDTH);
            return "\r" + task + " " + pct + " [" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total
                    + " " + rate + "/s   ";
        }
        return task + " " + pct + " " + done + "/" + total + ", " + rate + "/s, " + Math.round(seconds) + " s" + System.lineSeparator();
    }

    @Override
    public synchronized void finish() {
        if (drew) {
            out.print("\r" + " ".repeat(79) + "\r");
            out.flush();
        }
    }
}
