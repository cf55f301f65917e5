package io.foundation.mabeam.oracle;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.game.BimatrixGame;

/**
 * Nash equilibria by vertex enumeration, an algorithm independent of support enumeration. With payoffs shifted to be
 * positive, equilibria of a nondegenerate game are exactly the completely labelled pairs of nonzero vertices of
 * P = {x ≥ 0 : Bᵀx ≤ 1} and Q = {y ≥ 0 : Ay ≤ 1}, normalised; labels 0..m−1 belong to the row player's actions
 * (x_i = 0 or (Ay)_i = 1), labels m..m+n−1 to the column player's. Every vertex is found by solving, in exact
 * fractions, each choice of tight constraints.
 */
public final class VertexEnumeration {

    /** One equilibrium: both mixed strategies. */
    public record Profile(List<Fraction> row, List<Fraction> column) {
    }

    private record Vertex(Fraction[] point, BitSet labels) {
    }

    private VertexEnumeration() {
    }

    public static List<Profile> equilibria(BimatrixGame game) {
        Fraction[][] a = positive(game.rowPayoffs());
        Fraction[][] b = positive(game.columnPayoffs());
        int m = a.length;
        int n = a[0].length;
        // P in variables x (m): constraints x_i ≥ 0 (label i) and Σ_i B_ij x_i ≤ 1 (label m+j)
        List<Vertex> p = vertices(m, n, (label, i) -> label < m ? (label == i ? Fraction.ONE : Fraction.ZERO)
                : b[i][label - m], label -> label >= m);
        // Q in variables y (n): constraints Σ_j A_ij y_j ≤ 1 (label i) and y_j ≥ 0 (label m+j)
        List<Vertex> q = vertices(n, m, (label, j) -> label < m ? a[label][j]
                : (label - m == j ? Fraction.ONE : Fraction.ZERO), label -> label < m);
        List<Profile> equilibria = new ArrayList<>();
        for (Vertex x : p) {
            for (Vertex y : q) {
                BitSet labels = (BitSet) x.labels().clone();
                labels.or(y.labels());
                if (labels.cardinality() == m + n) {
                    equilibria.add(new Profile(normalised(x.point()), normalised(y.point())));
                }
            }
        }
        return equilibria;
    }

    private interface Coefficient {
        Fraction of(int label, int variable);
    }

    private interface Bounded {
        boolean isUpper(int label);
    }

    /**
     * Nonzero vertices of a polytope in {@code dimension} variables with {@code dimension + others} constraints,
     * constraint {@code label} reading Σ coefficient·v ≤ 1 when upper, or Σ coefficient·v ≥ 0 otherwise.
     */
    private static List<Vertex> vertices(int dimension, int others, Coefficient coefficient, Bounded bounded) {
        int labels = dimension + others;
        List<Vertex> vertices = new ArrayList<>();
        for (int[] tight : subsets(labels, dimension)) {
            Fraction[][] matrix = new Fraction[dimension][dimension];
            Fraction[] rhs = new Fraction[dimension];
            for (int r = 0; r < dimension; r++) {
                for (int v = 0; v < dimension; v++) {
                    matrix[r][v] = coefficient.of(tight[r], v);
                }
                rhs[r] = bounded.isUpper(tight[r]) ? Fraction.ONE : Fraction.ZERO;
            }
            Fraction[] point = solve(matrix, rhs);
            if (point == null || Arrays.stream(point).allMatch(f -> f.signum() == 0)) {
                continue;
            }
            BitSet tightLabels = new BitSet();
            boolean feasible = true;
            for (int label = 0; label < labels && feasible; label++) {
                Fraction value = Fraction.ZERO;
                for (int v = 0; v < dimension; v++) {
                    value = value.add(coefficient.of(label, v).multiply(point[v]));
                }
                int order = bounded.isUpper(label) ? value.compareTo(Fraction.ONE) : -value.signum();
                feasible = order <= 0;
                if (order == 0) {
                    tightLabels.set(label);
                }
            }
            if (feasible && vertices.stream().noneMatch(w -> Arrays.equals(w.point(), point))) {
                vertices.add(new Vertex(point, tightLabels));
            }
        }
        return vertices;
    }

    private static Fraction[] solve(Fraction[][] matrix, Fraction[] rhs) {
        int n = rhs.length;
        Fraction[][] a = new Fraction[n][n + 1];
        for (int r = 0; r < n; r++) {
            System.arraycopy(matrix[r], 0, a[r], 0, n);
            a[r][n] = rhs[r];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            while (pivot < n && a[pivot][c].signum() == 0) {
                pivot++;
            }
            if (pivot == n) {
                return null;
            }
            Fraction[] swap = a[c];
            a[c] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c].signum() != 0) {
                    Fraction factor = a[r][c].divide(a[c][c]);
                    for (int k = c; k <= n; k++) {
                        a[r][k] = a[r][k].subtract(factor.multiply(a[c][k]));
                    }
                }
            }
        }
        Fraction[] x = new Fraction[n];
        for (int r = 0; r < n; r++) {
            x[r] = a[r][n].divide(a[r][r]);
        }
        return x;
    }

    private static Fraction[][] positive(List<List<Double>> matrix) {
        Fraction min = null;
        Fraction[][] exact = new Fraction[matrix.size()][matrix.get(0).size()];
        for (int i = 0; i < exact.length; i++) {
            for (int j = 0; j < exact[0].length; j++) {
                exact[i][j] = Fraction.of(BigDecimal.valueOf(matrix.get(i).get(j)));
                min = min == null || exact[i][j].compareTo(min) < 0 ? exact[i][j] : min;
            }
        }
        Fraction shift = Fraction.ONE.subtract(min);
        for (Fraction[] row : exact) {
            for (int j = 0; j < row.length; j++) {
                row[j] = row[j].add(shift);
            }
        }
        return exact;
    }

    private static List<Fraction> normalised(Fraction[] point) {
        Fraction total = Arrays.stream(point).reduce(Fraction.ZERO, Fraction::add);
        return Arrays.stream(point).map(f -> f.divide(total)).toList();
    }

    private static List<int[]> subsets(int n, int k) {
        List<int[]> subsets = new ArrayList<>();
        collect(new int[k], 0, 0, n, subsets);
        return subsets;
    }

    private static void collect(int[] chosen, int size, int next, int n, List<int[]> into) {
        if (size == chosen.length) {
            into.add(chosen.clone());
            return;
        }
        for (int i = next; i <= n - (chosen.length - size); i++) {
            chosen[size] = i;
            collect(chosen, size + 1, i + 1, n, into);
        }
    }
}
