package dev.arbiter.sql.engine;

import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a predicted result equals the gold result, under the two definitions text-to-SQL benchmarks use.
 * <ul>
 *   <li>{@link #asSets BIRD}: the results as <em>sets</em> of rows ({@code set(pred) == set(gold)}): row order and
 *       repeated rows are ignored, column order counts.</li>
 *   <li>{@link #asBags Spider test-suite}: the results as <em>bags</em> (multisets) of rows, compared in order when
 *       the gold query has {@code ORDER BY}, and equal when some permutation of the predicted columns makes them
 *       equal (as {@code exec_eval.result_eq} does).</li>
 * </ul>
 * Values compare as Python compares them: {@code 1 == 1.0}, {@code NULL == NULL}, text is case-sensitive and never
 * equals a number. With a {@code tolerance} above zero two numbers, one of them a real, are equal when
 * {@code |a − b| ≤ tolerance × max(1, |a|, |b|)}; rows are then matched after sorting both results the same way.
 * Stateless; long comparisons check the deadline.
 */
public final class ResultComparison {
    /** Column permutations tried at most by {@link #asBags}. */
    static final int MAX_PERMUTATIONS = 40_320;

    private ResultComparison() {
    }

    /** @param reason one sentence for the result's reason field */
    public record Verdict(boolean match, String reason) {
    }

    /** BIRD's set semantics. {@code emptyMatches=false} makes an empty result on either side a mismatch (Reasoning-SQL). */
    public static Verdict asSets(QueryOutcome.Rows gold, QueryOutcome.Rows pred, double tolerance, boolean emptyMatches,
                                 Deadline deadline) {
        if (!emptyMatches && (gold.size() == 0 || pred.size() == 0)) {
            return new Verdict(false, pred.size() == 0 ? "the predicted result is empty, which counts as incorrect"
                    : "the gold result is empty, which counts as incorrect");
        }
        if (gold.size() == 0 && pred.size() == 0) {
            return new Verdict(true, "both results are empty");
        }
        if (gold.size() > 0 && pred.size() > 0 && gold.columnCount() != pred.columnCount()) {
            return new Verdict(false, "the predicted result has " + pred.columnCount() + " columns, the gold "
                    + gold.columnCount());
        }
        Set<List<Object>> g = new LinkedHashSet<>(gold.rows());
        Set<List<Object>> p = new LinkedHashSet<>(pred.rows());
        deadline.check();
        boolean match;
        if (tolerance == 0) {
            match = g.equals(p);
        } else {
            List<List<Object>> gs = collapse(sorted(g, deadline), tolerance);
            List<List<Object>> ps = collapse(sorted(p, deadline), tolerance);
            match = rowsEqual(gs, ps, tolerance, deadline);
        }
        return match ? new Verdict(true, "the results are equal as sets of rows")
                : new Verdict(false, "the results differ as sets of rows (gold " + g.size() + " distinct rows, predicted "
                + p.size() + ")");
    }

    /** Spider test-suite's bag semantics, ordered when {@code orderMatters}, up to a permutation of columns. */
    public static Verdict asBags(QueryOutcome.Rows gold, QueryOutcome.Rows pred, boolean orderMatters, double tolerance,
                                 Deadline deadline) {
        if (gold.size() == 0 && pred.size() == 0) {
            return new Verdict(true, "both results are empty");
        }
        if (gold.size() != pred.size()) {
            return new Verdict(false, "the predicted result has " + pred.size() + " rows, the gold " + gold.size());
        }
        int cols = gold.columnCount();
        if (pred.columnCount() != cols) {
            return new Verdict(false, "the predicted result has " + pred.columnCount() + " columns, the gold " + cols);
        }
        boolean[][] allowed = allowedColumnPairs(gold, pred, tolerance, deadline);
        List<List<Object>> goldSorted = orderMatters || tolerance == 0 ? null : sorted(gold.rows(), deadline);
        Map<List<Object>, Integer> goldCounts = orderMatters || tolerance > 0 ? null : counts(gold.rows());
        int[] perm = new int[cols];
        boolean[] used = new boolean[cols];
        int[] tried = {0};
        boolean match = permute(0, perm, used, allowed, tried, deadline, candidate -> {
            List<List<Object>> permuted = permuteColumns(pred.rows(), candidate);
            if (orderMatters) {
                return rowsEqual(gold.rows(), permuted, tolerance, deadline);
            }
            if (tolerance == 0) {
                return counts(permuted).equals(goldCounts);
            }
            return rowsEqual(goldSorted, sorted(permuted, deadline), tolerance, deadline);
        });
        String how = orderMatters ? "ordered lists of rows (the gold query has ORDER BY)" : "bags of rows";
        if (match) {
            return new Verdict(true, "the results are equal as " + how);
        }
        if (tried[0] >= MAX_PERMUTATIONS) {
            return new Verdict(false, "no match among the first " + MAX_PERMUTATIONS + " column permutations");
        }
        return new Verdict(false, "the results differ as " + how);
    }

    private interface PermutationTest {
        boolean test(int[] perm);
    }

    private static boolean permute(int col, int[] perm, boolean[] used, boolean[][] allowed, int[] tried,
                                   Deadline deadline, PermutationTest test) {
        int n = perm.length;
        if (col == n) {
            tried[0]++;
            deadline.check();
            return test.test(perm);
        }
        for (int j = 0; j < n && tried[0] < MAX_PERMUTATIONS; j++) {
            if (!used[j] && allowed[col][j]) {
                used[j] = true;
                perm[col] = j;
                if (permute(col + 1, perm, used, allowed, tried, deadline, test)) {
                    return true;
                }
                used[j] = false;
            }
        }
        return false;
    }

    /**
     * allowed[i][j]: gold column i may be predicted column j, because every value of predicted column j occurs in gold
     * column i (exact comparison; with a tolerance every pair is allowed). The identity comes first in the search.
     */
    private static boolean[][] allowedColumnPairs(QueryOutcome.Rows gold, QueryOutcome.Rows pred, double tolerance,
                                                  Deadline deadline) {
        int cols = gold.columnCount();
        boolean[][] allowed = new boolean[cols][cols];
        if (tolerance > 0 || cols == 1) {
            for (boolean[] row : allowed) {
                java.util.Arrays.fill(row, true);
            }
            return allowed;
        }
        List<Set<Object>> goldValues = new ArrayList<>();
        List<Set<Object>> predValues = new ArrayList<>();
        for (int i = 0; i < cols; i++) {
            goldValues.add(new java.util.HashSet<>());
            predValues.add(new java.util.HashSet<>());
        }
        for (List<Object> row : gold.rows()) {
            for (int i = 0; i < cols; i++) {
                goldValues.get(i).add(row.get(i));
            }
        }
        for (List<Object> row : pred.rows()) {
            for (int i = 0; i < cols; i++) {
                predValues.get(i).add(row.get(i));
            }
        }
        deadline.check();
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < cols; j++) {
                allowed[i][j] = goldValues.get(i).containsAll(predValues.get(j));
            }
        }
        return allowed;
    }

    private static List<List<Object>> permuteColumns(List<List<Object>> rows, int[] perm) {
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            identity &= perm[i] == i;
        }
        if (identity) {
            return rows;
        }
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Object[] r = new Object[perm.length];
            for (int i = 0; i < perm.length; i++) {
                r[i] = row.get(perm[i]);
            }
            out.add(java.util.Arrays.asList(r));
        }
        return out;
    }

    private static Map<List<Object>, Integer> counts(List<List<Object>> rows) {
        Map<List<Object>, Integer> m = new HashMap<>();
        for (List<Object> r : rows) {
            m.merge(r, 1, Integer::sum);
        }
        return m;
    }

    private static boolean rowsEqual(List<List<Object>> a, List<List<Object>> b, double tolerance, Deadline deadline) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int r = 0; r < a.size(); r++) {
            if ((r & 1023) == 1023) {
                deadline.check();
            }
            List<Object> x = a.get(r);
            List<Object> y = b.get(r);
            if (x.size() != y.size()) {
                return false;
            }
            for (int c = 0; c < x.size(); c++) {
                if (!valuesEqual(x.get(c), y.get(c), tolerance)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Merges neighbouring rows that are equal within the tolerance (sets with a tolerance). */
    private static List<List<Object>> collapse(List<List<Object>> sortedRows, double tolerance) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : sortedRows) {
            if (out.isEmpty() || !rowsEqual(List.of(out.get(out.size() - 1)), List.of(row), tolerance, Deadline.none())) {
                out.add(row);
            }
        }
        return out;
    }

    static boolean valuesEqual(Object a, Object b, double tolerance) {
        if (a == null || b == null) {
            return a == b;
        }
        if (tolerance > 0 && (a instanceof Double || b instanceof Double) && a instanceof Number x && b instanceof Number y) {
            double u = x.doubleValue();
            double v = y.doubleValue();
            return Math.abs(u - v) <= tolerance * Math.max(1.0, Math.max(Math.abs(u), Math.abs(v)));
        }
        return a.equals(b);
    }

    private static List<List<Object>> sorted(java.util.Collection<List<Object>> rows, Deadline deadline) {
        deadline.check();
        List<List<Object>> out = new ArrayList<>(rows);
        out.sort(ROW_ORDER);
        return out;
    }

    /** A total order on rows: column by column, NULL < numbers < text < blobs; numbers by value. */
    static final Comparator<List<Object>> ROW_ORDER = (x, y) -> {
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            int c = compareValues(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    };

    private static int compareValues(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 0 -> 0;
            case 1 -> {
                if (a instanceof Long la && b instanceof Long lb) {
                    yield Long.compare(la, lb);
                }
                int c = Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
                yield c != 0 ? c : Boolean.compare(a instanceof Double, b instanceof Double);
            }
            case 2 -> ((String) a).compareTo((String) b);
            case 3 -> ((Blob) a).compareTo((Blob) b);
            default -> a.toString().compareTo(b.toString());
        };
    }

    private static int rank(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number) {
            return 1;
        }
        if (v instanceof String) {
            return 2;
        }
        return v instanceof Blob ? 3 : 4;
    }
}
