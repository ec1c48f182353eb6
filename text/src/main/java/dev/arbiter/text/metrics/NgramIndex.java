package dev.arbiter.text.metrics;

/**
 * Gives every distinct n-gram of one scoring call a dense id, so counting is array arithmetic instead of hashing
 * tuples. A unigram is keyed by its token code (a code point, or a word's id); an n-gram of order k is keyed by
 * (id of its first k−1 tokens, code of its last token). Ids of all orders come from one counter, so an id names
 * exactly one n-gram.
 *
 * <p>Not thread-safe. Calls borrow one with {@link #acquire} and give it back with {@link #release} (in a
 * {@code finally}): each thread keeps two small tables for reuse, cleared slot by slot on release, so a call
 * neither allocates nor zeroes a table; a table that grew large for a long input is dropped instead of kept.
 */
final class NgramIndex {
    /** Tables up to this many slots are kept for reuse by their thread (56 KiB each, two per thread). */
    private static final int KEEP_SLOTS = 1 << 12;
    private static final ThreadLocal<NgramIndex[]> POOL = ThreadLocal.withInitial(() -> new NgramIndex[2]);

    /** key + 1, so that 0 marks an empty slot (keys are below 2^62: ids and codes are below 2^31). */
    private long[] keys;
    private int[] values;
    /** The slot of each id, to clear exactly the used slots. */
    private int[] slotOf;
    private int mask;
    private int next = 1;

    private NgramIndex(int expected) {
        allocate(capacityFor(expected));
    }

    private static int capacityFor(int expected) {
        return Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
    }

    private void allocate(int cap) {
        keys = new long[cap];
        values = new int[cap];
        slotOf = new int[cap / 2 + 1];
        mask = cap - 1;
    }

    /** A cleared index for about {@code expected} distinct n-grams, the calling thread's own when it is free. */
    static NgramIndex acquire(int expected) {
        NgramIndex[] pool = POOL.get();
        for (int i = 0; i < pool.length; i++) {
            NgramIndex x = pool[i];
            if (x != null) {
                pool[i] = null;
                if (x.keys.length < capacityFor(expected)) {
                    x.allocate(capacityFor(expected));
                }
                return x;
            }
        }
        return new NgramIndex(expected);
    }

    /** Clears this index and gives it back to the calling thread's pool (or drops it when large). */
    void release() {
        if (keys.length > KEEP_SLOTS) {
            return;
        }
        for (int id = 1; id < next; id++) {
            keys[slotOf[id]] = 0;
        }
        next = 1;
        NgramIndex[] pool = POOL.get();
        for (int i = 0; i < pool.length; i++) {
            if (pool[i] == null) {
                pool[i] = this;
                return;
            }
        }
    }

    /** The number of ids handed out so far plus one: an exclusive upper bound of every id. */
    int bound() {
        return next;
    }

    /** The id of the unigram with token code {@code token}. */
    int unigram(int token) {
        return id(token & 0xFFFF_FFFFL);
    }

    /** The id of the n-gram made of n-gram {@code prefixId} followed by token code {@code token}. */
    int extend(int prefixId, int token) {
        return id(((long) prefixId << 32) | (token & 0xFFFF_FFFFL));
    }

    private int id(long key) {
        long stored = key + 1;
        int i = mix(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == stored) {
                return values[i];
            }
            if (k == 0) {
                int v = next++;
                keys[i] = stored;
                values[i] = v;
                slotOf[v] = i;
                if (v * 2 >= keys.length) {
                    grow();
                }
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    /** The id of an n-gram already in the index, or 0 when it is not. */
    private int find(long key) {
        long stored = key + 1;
        int i = mix(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == stored) {
                return values[i];
            }
            if (k == 0) {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = mix(k - 1) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
                slotOf[oldValues[j]] = i;
            }
        }
    }

    /**
     * The ids of every n-gram of orders 1..{@code maxOrder} of {@code tokens}: {@code out[k-1]} holds the ids of the
     * order-k n-grams by start position (length {@code max(0, len − k + 1)}).
     */
    int[][] ngrams(int[] tokens, int maxOrder) {
        int len = tokens.length;
        int[][] out = new int[maxOrder][];
        int[] cur = new int[len];
        for (int i = 0; i < len; i++) {
            cur[i] = unigram(tokens[i]);
        }
        out[0] = cur;
        for (int k = 2; k <= maxOrder; k++) {
            int count = Math.max(0, len - k + 1);
            int[] prev = out[k - 2];
            int[] ids = new int[count];
            for (int i = 0; i < count; i++) {
                ids[i] = extend(prev[i], tokens[i + k - 1]);
            }
            out[k - 1] = ids;
        }
        return out;
    }

    /**
     * Like {@link #ngrams} but without adding anything: the id of each n-gram already in the index, 0 for the others
     * (and for every n-gram that starts with a token code of −1). An n-gram whose prefix is absent is absent too,
     * so most absent n-grams cost no lookup.
     */
    int[][] lookup(int[] tokens, int maxOrder) {
        int len = tokens.length;
        int[][] out = new int[maxOrder][];
        int[] cur = new int[len];
        for (int i = 0; i < len; i++) {
            cur[i] = tokens[i] < 0 ? 0 : find(tokens[i] & 0xFFFF_FFFFL);
        }
        out[0] = cur;
        for (int k = 2; k <= maxOrder; k++) {
            int count = Math.max(0, len - k + 1);
            int[] prev = out[k - 2];
            int[] ids = new int[count];
            for (int i = 0; i < count; i++) {
                int p = prev[i];
                int t = tokens[i + k - 1];
                ids[i] = p == 0 || t < 0 ? 0 : find(((long) p << 32) | (t & 0xFFFF_FFFFL));
            }
            out[k - 1] = ids;
        }
        return out;
    }

    /**
     * The initial size for n-grams of orders 1..{@code maxOrder} of {@code totalTokens} tokens: their upper bound, but
     * at most 2^15; a long input with few distinct n-grams (a repeated word) then never allocates a large table, and
     * one with many grows it.
     */
    static int expectedNgrams(int totalTokens, int maxOrder) {
        long n = (long) totalTokens * maxOrder;
        return (int) Math.min(n, 1 << 15);
    }
}
