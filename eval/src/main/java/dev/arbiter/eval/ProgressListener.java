package dev.arbiter.eval;

/**
 * Told how scoring advances, for a progress bar. {@link #advance} may be called from several threads at once;
 * implementations synchronize. Progress never influences results.
 */
public interface ProgressListener {
    /** Scoring of {@code total} units (candidates, step prefixes, probe calls) begins. */
    void start(String task, long total);

    /** {@code done} of {@code total} units are finished. */
    void advance(long done, long total);

    /** Scoring ended. */
    void finish();

    /** A listener that does nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override public void start(String task, long total) { }
        @Override public void advance(long done, long total) { }
        @Override public void finish() { }
    };
}
