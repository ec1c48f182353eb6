package dev.arbiter.sql.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results of gold queries, kept so that the many rollouts of one prompt run the gold query once. Bounded (least
 * recently used entries leave first; large results are not kept) and thread-safe. Databases are read-only and
 * assumed not to change while a reward is in use, so a kept result equals a fresh one.
 */
public final class GoldResultCache {
    private final int maxEntries;
    private final long maxValuesPerEntry;
    private final LinkedHashMap<Key, QueryOutcome.Rows> entries;

    private record Key(Path database, String sql) {
    }

    public GoldResultCache(int maxEntries, long maxValuesPerEntry) {
        this.maxEntries = maxEntries;
        this.maxValuesPerEntry = maxValuesPerEntry;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, QueryOutcome.Rows> eldest) {
                return size() > GoldResultCache.this.maxEntries;
            }
        };
    }

    public QueryOutcome.Rows get(Path database, String sql) {
        synchronized (entries) {
            return entries.get(new Key(database, sql));
        }
    }

    public void put(Path database, String sql, QueryOutcome.Rows rows) {
        if ((long) rows.size() * Math.max(1, rows.columnCount()) > maxValuesPerEntry) {
            return;
        }
        synchronized (entries) {
            entries.put(new Key(database, sql), rows);
        }
    }
}
