package dev.arbiter.vision;

import dev.arbiter.core.Deadline;

import java.util.Arrays;

/**
 * Minimum-cost rectangular assignment, a port of SciPy's {@code linear_sum_assignment} (the shortest augmenting
 * path algorithm of Crouse, 2016, as in {@code rectangular_lsap.cpp}), so that ties resolve as they do in the
 * authors' Python code. Assigns min(rows, cols) pairs.
 */
final class Hungarian {
    private Hungarian() {
    }

    /**
     * @param cost rows × cols, finite
     * @return for each row, its assigned column or −1 (rows beyond the number of columns stay unassigned)
     */
    static int[] solve(double[][] cost, Deadline deadline) {
        int nr0 = cost.length;
        int nc0 = nr0 == 0 ? 0 : cost[0].length;
        int[] rowToCol = new int[nr0];
        Arrays.fill(rowToCol, -1);
        if (nr0 == 0 || nc0 == 0) {
            return rowToCol;
        }
        boolean transpose = nc0 < nr0;
        int nr = transpose ? nc0 : nr0;
        int nc = transpose ? nr0 : nc0;
        double[] c = new double[nr * nc];
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                c[i * nc + j] = transpose ? cost[j][i] : cost[i][j];
            }
        }
        double[] u = new double[nr];
        double[] v = new double[nc];
        double[] shortest = new double[nc];
        int[] path = new int[nc];
        int[] col4row = new int[nr];
        int[] row4col = new int[nc];
        boolean[] sr = new boolean[nr];
        boolean[] sc = new boolean[nc];
        int[] remaining = new int[nc];
        Arrays.fill(path, -1);
        Arrays.fill(col4row, -1);
        Arrays.fill(row4col, -1);
        for (int curRow = 0; curRow < nr; curRow++) {
            deadline.check();
            double minVal = 0;
            int i = curRow;
            int numRemaining = nc;
            for (int it = 0; it < nc; it++) {
                remaining[it] = nc - it - 1;
            }
            Arrays.fill(sr, false);
            Arrays.fill(sc, false);
            Arrays.fill(shortest, Double.POSITIVE_INFINITY);
            int sink = -1;
            while (sink == -1) {
                int index = -1;
                double lowest = Double.POSITIVE_INFINITY;
                sr[i] = true;
                for (int it = 0; it < numRemaining; it++) {
                    int j = remaining[it];
                    double r = minVal + c[i * nc + j] - u[i] - v[j];
                    if (r < shortest[j]) {
                        path[j] = i;
                        shortest[j] = r;
                    }
                    if (shortest[j] < lowest || (shortest[j] == lowest && row4col[j] == -1)) {
                        lowest = shortest[j];
                        index = it;
                    }
                }
                minVal = lowest;
                if (minVal == Double.POSITIVE_INFINITY || index < 0) {
                    throw new IllegalArgumentException("cost matrix is infeasible");
                }
                int j = remaining[index];
                if (row4col[j] == -1) {
                    sink = j;
                } else {
                    i = row4col[j];
                }
                sc[j] = true;
                remaining[index] = remaining[--numRemaining];
            }
            u[curRow] += minVal;
            for (int k = 0; k < nr; k++) {
                if (sr[k] && k != curRow) {
                    u[k] += minVal - shortest[col4row[k]];
                }
            }
            for (int k = 0; k < nc; k++) {
                if (sc[k]) {
                    v[k] -= minVal - shortest[k];
                }
            }
            int j = sink;
            while (true) {
                int r = path[j];
                row4col[j] = r;
                int tmp = col4row[r];
                col4row[r] = j;
                j = tmp;
                if (r == curRow) {
                    break;
                }
            }
        }
        if (transpose) {
            for (int col = 0; col < nr; col++) {
                rowToCol[col4row[col]] = col;
            }
        } else {
            System.arraycopy(col4row, 0, rowToCol, 0, nr);
        }
        return rowToCol;
    }
}
