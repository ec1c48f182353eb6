package dev.arbiter.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Expensive things that rewards built from one registry may share: loaded models, connection pools. Owned by the
 * {@link RewardRegistry} (reach it from a factory through {@link Params#resources()}) and closed with it, so nothing
 * is process-wide and a test or a server decides when resources go.
 */
public final class SharedResources implements AutoCloseable {
    private final Map<Object, Object> items = new ConcurrentHashMap<>();

    /** The item under {@code key}, made once by {@code make} the first time it is asked for. */
    public <T> T computeIfAbsent(Object key, Class<T> type, Supplier<? extends T> make) {
        return type.cast(items.computeIfAbsent(key, k -> make.get()));
    }

    /** Closes every item that is {@link AutoCloseable} (best effort) and forgets them all. */
    @Override
    public void close() {
        List<Object> all = new ArrayList<>(items.values());
        items.clear();
        for (Object o : all) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // one failing close must not keep the others open
                }
            }
        }
    }
}
