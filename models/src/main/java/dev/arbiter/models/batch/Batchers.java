package dev.arbiter.models.batch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The micro-batchers of one loaded model, one per gather window, made on first use and closed with the model.
 *
 * @param <P> what a caller prepares
 * @param <O> the model's outcome per conversation
 */
public final class Batchers<P, O> implements AutoCloseable {
    private final MicroBatcher.Backend<P, O> backend;
    private final int batchSize;
    private final String name;
    private final Map<Long, MicroBatcher<P, O>> byWindow = new HashMap<>();
    private boolean closed;

    /** Batchers over {@code backend}, gathering up to {@code batchSize} calls; threads are named after {@code name}. */
    public Batchers(MicroBatcher.Backend<P, O> backend, int batchSize, String name) {
        this.backend = backend;
        this.batchSize = batchSize;
        this.name = name;
    }

    /** The batcher for {@code window}; refused once closed. */
    public synchronized MicroBatcher<P, O> forWindow(Duration window) {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
        return byWindow.computeIfAbsent(window.toNanos(),
                w -> new MicroBatcher<>(backend, window, batchSize, name + "-" + window.toMillis() + "ms"));
    }

    @Override
    public synchronized void close() {
        closed = true;
        byWindow.values().forEach(MicroBatcher::close);
        byWindow.clear();
    }
}
