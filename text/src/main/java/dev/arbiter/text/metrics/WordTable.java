package dev.arbiter.text.metrics;

import java.util.List;

/**
 * Dense ids for the distinct words of one scoring call (0, 1, 2, … in order of first appearance), read straight
 * from a character buffer so that no {@code String} is made per token. Two tokens get the same id exactly when
 * their characters are equal. Not thread-safe: one per call.
 */
final class WordTable {
    private char[] pool = new char[256];
    private int poolLen;
    private int[] start = new int[32];
    private int[] length = new int[32];
    private int size;
    /** id + 1 per slot, 0 when empty. */
    private int[] slots = new int[64];
    private int[] hashes = new int[64];
    private int mask = 63;

    int size() {
        return size;
    }

    /** The id of the word {@code buf[from, to)}. */
    int id(char[] buf, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + buf[i];
        }
        h ^= h >>> 16;
        int i = h & mask;
        int n = to - from;
        while (true) {
            int s = slots[i];
            if (s == 0) {
                return insert(i, h, buf, from, n);
            }
            int id = s - 1;
            if (hashes[i] == h && length[id] == n && equal(buf, from, start[id], n)) {
                return id;
            }
            i = (i + 1) & mask;
        }
    }

    /** The id of the word {@code buf[from, to)} when it is already in the table, else −1. */
    int find(char[] buf, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + buf[i];
        }
        h ^= h >>> 16;
        int i = h & mask;
        int n = to - from;
        while (true) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            int id = s - 1;
            if (hashes[i] == h && length[id] == n && equal(buf, from, start[id], n)) {
                return id;
            }
            i = (i + 1) & mask;
        }
    }

    /** The ids of {@code words} already in the table, −1 for the others. */
    int[] find(List<String> words) {
        int[] out = new int[words.size()];
        for (int i = 0; i < out.length; i++) {
            char[] chars = words.get(i).toCharArray();
            out[i] = find(chars, 0, chars.length);
        }
        return out;
    }

    /** The id of {@code word}. */
    int id(String word) {
        char[] chars = word.toCharArray();
        return id(chars, 0, chars.length);
    }

    /** The ids of {@code words}. */
    int[] ids(List<String> words) {
        int[] out = new int[words.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(words.get(i));
        }
        return out;
    }

    private boolean equal(char[] buf, int from, int at, int n) {
        char[] p = pool;
        for (int k = 0; k < n; k++) {
            if (p[at + k] != buf[from + k]) {
                return false;
            }
        }
        return true;
    }

    private int insert(int slot, int h, char[] buf, int from, int n) {
        int id = size++;
        if (id == start.length) {
            start = java.util.Arrays.copyOf(start, id * 2);
            length = java.util.Arrays.copyOf(length, id * 2);
        }
        if (poolLen + n > pool.length) {
            pool = java.util.Arrays.copyOf(pool, Math.max(pool.length * 2, poolLen + n));
        }
        System.arraycopy(buf, from, pool, poolLen, n);
        start[id] = poolLen;
        length[id] = n;
        poolLen += n;
        slots[slot] = id + 1;
        hashes[slot] = h;
        if (size * 2 > slots.length) {
            grow();
        }
        return id;
    }

    private void grow() {
        int[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new int[oldSlots.length * 2];
        hashes = new int[oldSlots.length * 2];
        mask = slots.length - 1;
        for (int j = 0; j < oldSlots.length; j++) {
            if (oldSlots[j] != 0) {
                int i = oldHashes[j] & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = oldSlots[j];
                hashes[i] = oldHashes[j];
            }
        }
    }
}
