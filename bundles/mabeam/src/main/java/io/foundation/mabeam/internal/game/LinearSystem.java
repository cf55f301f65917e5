package io.foundation.mabeam.internal.game;

import java.math.BigInteger;

/**
 * Square integer linear systems solved exactly by fraction-free (Bareiss) elimination: the solution is returned as
 * integer numerators over the system's determinant, so no rational arithmetic is needed.
 */
final class LinearSystem {

    /** x_i = numerators[i] / determinant, where the determinant is ± that of the matrix and never zero. */
    record Solution(BigInteger[] numerators, BigInteger determinant) {

        int sign(int i) {
            return numerators[i].signum() * determinant.signum();
        }
    }

    private LinearSystem() {
    }

    /**
     * Solves {@code matrix · x = rhs}.
     *
     * @return the solution, or {@code null} when the matrix is singular
     */
    static Solution solve(BigInteger[][] matrix, BigInteger[] rhs) {
        int n = rhs.length;
        BigInteger[][] a = new BigInteger[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, n);
            a[i][n] = rhs[i];
        }
        BigInteger previous = BigInteger.ONE;
        for (int k = 0; k < n; k++) {
            int pivot = k;
            while (pivot < n && a[pivot][k].signum() == 0) {
                pivot++;
            }
            if (pivot == n) {
                return null;
            }
            if (pivot != k) {
                BigInteger[] swap = a[k];
                a[k] = a[pivot];
                a[pivot] = swap;
            }
            for (int i = k + 1; i < n; i++) {
                for (int j = k + 1; j <= n; j++) {
                    a[i][j] = a[i][j].multiply(a[k][k]).subtract(a[i][k].multiply(a[k][j])).divide(previous);
                }
                a[i][k] = BigInteger.ZERO;
            }
            previous = a[k][k];
        }
        // The last pivot is ± the determinant, and determinant · x_i is an integer (Cramer's rule), so every division
        // in this back substitution is exact.
        BigInteger determinant = a[n - 1][n - 1];
        BigInteger[] numerators = new BigInteger[n];
        for (int i = n - 1; i >= 0; i--) {
            BigInteger sum = a[i][n].multiply(determinant);
            for (int j = i + 1; j < n; j++) {
                sum = sum.subtract(a[i][j].multiply(numerators[j]));
            }
            numerators[i] = sum.divide(a[i][i]);
        }
        return new Solution(numerators, determinant);
    }
}
