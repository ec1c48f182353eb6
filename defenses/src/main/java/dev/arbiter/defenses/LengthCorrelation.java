package dev.arbiter.defenses;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The per-run reward-vs-length report (issue 4, catalog D3): accumulates (length, score) pairs and gives their
 * Pearson and Spearman correlations. A strong positive correlation is the signature of length hacking.
 *
 * <ul>
 *   <li><b>Pearson</b> is exact and streaming (Welford co-moments), O(1) memory.</li>
 *   <li><b>Spearman</b> (Pearson of average ranks, ties averaged) is exact while at most {@code capacity} pairs were
 *       added; beyond that it is computed on a uniform reservoir sample of {@code capacity} pairs (Algorithm R,
 *       seeded, so the same input order gives the same estimate). {@link #spearmanExact()} says which.</li>
 *   <li>A pair with a NaN or infinite member is not added; {@link #skipped()} counts them.</li>
 *   <li>Fewer than two pairs, or a constant length or score: the correlation is NaN (undefined), never an exception.</li>
 * </ul>
 * Thread-safe (every method is synchronized); memory is O(capacity). {@link #merge} combines per-thread reports.
 *
 * <pre>{@code
 * LengthCorrelation lc = new LengthCorrelation();          // capacity 100 000, seed 0
 * for (Row row : rows) lc.add(LengthCorrelation.length(row.response(), Unit.WORDS), row.score());
 * Map<String, Object> summary = lc.summary();             // {pairs, skipped, pearson, spearman, spearman_exact, ...}
 * }</pre>
 */
public final class LengthCorrelation {
    /** How {@link #length(String, Unit)} counts. */
    public enum Unit { CHARS, WORDS }

    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final SplittableRandom random;
    private double[] xs;
    private double[] ys;
    private int held;
    private long n;
    private long skipped;
    private double meanX;
    private double meanY;
    private double m2x;
    private double m2y;
    private double cxy;

    public LengthCorrelation() {
        this(DEFAULT_CAPACITY, 0L);
    }

    /**
     * @param capacity how many pairs Spearman keeps (at least 2)
     * @param seed     the reservoir's seed
     */
    public LengthCorrelation(int capacity, long seed) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
        }
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
        this.xs = new double[Math.min(capacity, 1024)];
        this.ys = new double[xs.length];
    }

    /** Adds one pair; a non-finite length or score is counted in {@link #skipped()} and otherwise ignored. */
    public synchronized void add(double length, double score) {
        if (!Double.isFinite(length) || !Double.isFinite(score)) {
            skipped++;
            return;
        }
        n++;
        double dx = length - meanX;
        meanX += dx / n;
        double dy = score - meanY;
        meanY += dy / n;
        m2x += dx * (length - meanX);
        m2y += dy * (score - meanY);
        cxy += dx * (score - meanY);
        if (held < capacity) {
            ensure(held + 1);
            xs[held] = length;
            ys[held] = score;
            held++;
        } else {
            long j = random.nextLong(n);
            if (j < capacity) {
                xs[(int) j] = length;
                ys[(int) j] = score;
            }
        }
    }

    /** Adds a response by its length in {@code unit}. */
    public void add(String response, Unit unit, double score) {
        add(length(response, unit), score);
    }

    private void ensure(int size) {
        if (size > xs.length) {
            int cap = (int) Math.min(capacity, Math.max(size, 2L * xs.length));
            xs = Arrays.copyOf(xs, cap);
            ys = Arrays.copyOf(ys, cap);
        }
    }

    /** The number of pairs added (finite ones). */
    public synchronized long count() {
        return n;
    }

    /** The number of pairs refused because a member was NaN or infinite. */
    public synchronized long skipped() {
        return skipped;
    }

    public synchronized double meanLength() {
        return n == 0 ? Double.NaN : meanX;
    }

    public synchronized double meanScore() {
        return n == 0 ? Double.NaN : meanY;
    }

    /** Pearson's r over every pair added; NaN for fewer than two pairs or a constant variable. */
    public synchronized double pearson() {
        if (n < 2 || m2x <= 0 || m2y <= 0) {
            return Double.NaN;
        }
        return clamp(cxy / Math.sqrt(m2x * m2y));
    }

    /** Spearman's ρ (ties get average ranks): exact up to {@code capacity} pairs, a reservoir estimate beyond. */
    public synchronized double spearman() {
        return spearman(Arrays.copyOf(xs, held), Arrays.copyOf(ys, held));
    }

    /** Whether {@link #spearman()} used every pair. */
    public synchronized boolean spearmanExact() {
        return n <= capacity;
    }

    /**
     * Adds everything {@code other} saw: Pearson merges exactly (Chan's formulas); the reservoirs merge by drawing
     * from each in proportion to the pairs it stands for, so Spearman stays exact while the total fits.
     */
    public void merge(LengthCorrelation other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a report into itself");
        }
        double[] ox;
        double[] oy;
        long on;
        double omx;
        double omy;
        double om2x;
        double om2y;
        double ocxy;
        long oskipped;
        synchronized (other) {
            ox = Arrays.copyOf(other.xs, other.held);
            oy = Arrays.copyOf(other.ys, other.held);
            on = other.n;
            omx = other.meanX;
            omy = other.meanY;
            om2x = other.m2x;
            om2y = other.m2y;
            ocxy = other.cxy;
            oskipped = other.skipped;
        }
        synchronized (this) {
            skipped += oskipped;
            if (on == 0) {
                return;
            }
            long total = n + on;
            double dx = omx - meanX;
            double dy = omy - meanY;
            double f = (double) n * on / total;
            m2x += om2x + dx * dx * f;
            m2y += om2y + dy * dy * f;
            cxy += ocxy + dx * dy * f;
            meanX += dx * on / total;
            meanY += dy * on / total;
            long mine = n;
            n = total;
            if (held + ox.length <= capacity && mine + on <= capacity) {
                ensure(held + ox.length);
                System.arraycopy(ox, 0, xs, held, ox.length);
                System.arraycopy(oy, 0, ys, held, oy.length);
                held += ox.length;
                return;
            }
            double[] mx = Arrays.copyOf(xs, held);
            double[] my = Arrays.copyOf(ys, held);
            int size = Math.min(capacity, held + ox.length);
            ensure(size);
            int fromMine = (int) Math.round(size * ((double) mine / total));
            fromMine = Math.max(size - ox.length, Math.min(fromMine, Math.min(held, size)));
            int fromOther = size - fromMine;
            int k = 0;
            for (int i : pick(mx.length, fromMine)) {
                xs[k] = mx[i];
                ys[k++] = my[i];
            }
            for (int i : pick(ox.length, fromOther)) {
                xs[k] = ox[i];
                ys[k++] = oy[i];
            }
            held = size;
        }
    }

    private int[] pick(int from, int count) {
        int[] idx = new int[from];
        for (int i = 0; i < from; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(from - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return Arrays.copyOf(idx, count);
    }

    /**
     * A JSON-ready summary: {@code pairs}, {@code skipped}, {@code mean_length}, {@code mean_score}, {@code pearson},
     * {@code spearman}, {@code spearman_exact}, {@code spearman_sample}. Undefined values are {@code null}.
     */
    public synchronized Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs", n);
        m.put("skipped", skipped);
        m.put("mean_length", finiteOrNull(meanLength()));
        m.put("mean_score", finiteOrNull(meanScore()));
        m.put("pearson", finiteOrNull(pearson()));
        m.put("spearman", finiteOrNull(spearman()));
        m.put("spearman_exact", spearmanExact());
        m.put("spearman_sample", held);
        return m;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double clamp(double r) {
        return Math.max(-1.0, Math.min(1.0, r));
    }

    /** Pearson's r of two equal-length arrays (NaN when undefined). */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("arrays differ in length: " + x.length + " vs " + y.length);
        }
        LengthCorrelation lc = new LengthCorrelation(2, 0);
        for (int i = 0; i < x.length; i++) {
            lc.add(x[i], y[i]);
        }
        return lc.pearson();
    }

    /** Spearman's ρ of two equal-length arrays: Pearson of their average ranks (NaN when undefined). */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("arrays differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 2) {
            return Double.NaN;
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Average ranks (1-based; ties share the mean of their positions), by binary search in a sorted copy. */
    static double[] ranks(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int lo = lowerBound(sorted, v[i]);
            int hi = lowerBound(sorted, Math.nextUp(v[i])) - 1;
            r[i] = (lo + hi) / 2.0 + 1;
        }
        return r;
    }

    private static int lowerBound(double[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The length of {@code text}: code points ({@link Unit#CHARS}) or whitespace-separated words ({@link Unit#WORDS}). */
    public static long length(String text, Unit unit) {
        if (text == null) {
            return 0;
        }
        if (unit == Unit.CHARS) {
            return text.codePointCount(0, text.length());
        }
        long words = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean blank = Text.isBlank(cp);
            if (!blank && !in) {
                words++;
            }
            in = !blank;
            i += Character.charCount(cp);
        }
        return words;
    }
}
