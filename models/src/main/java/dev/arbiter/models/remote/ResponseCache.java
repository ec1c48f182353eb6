package dev.arbiter.models.remote;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used cache of successful answers, keyed by the SHA-256 of the request path and body (the
 * content), so the same judge question is asked once. Only parsed 2xx answers are kept; failures never are. The cached
 * JSON is shared: callers must only read it. Thread-safe. A capacity of 0 disables it.
 */
public final class ResponseCache {
    private final int capacity;
    private final Map<String, JsonNode> map;
    private long hits;
    private long misses;

    public ResponseCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cache size (" + capacity + ") must not be negative");
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
                return size() > ResponseCache.this.capacity;
            }
        };
    }

    public static String key(String path, byte[] body) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(path.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(body);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized JsonNode get(String key) {
        if (capacity == 0) {
            return null;
        }
        JsonNode v = map.get(key);
        if (v == null) {
            misses++;
        } else {
            hits++;
        }
        return v;
    }

    public synchronized void put(String key, JsonNode value) {
        if (capacity > 0) {
            map.put(key, value);
        }
    }

    public synchronized int size() {
        return map.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
