package io.foundation.mabeam.internal.game;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.game.Equilibrium;
import io.foundation.api.mabeam.game.EquilibriumOutcome;
import io.foundation.api.mabeam.game.LemkeHowsonStart;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * One Nash equilibrium by the Lemke–Howson algorithm. Payoffs are shifted to be positive (which changes no
 * equilibrium) and the polytopes P = {x ≥ 0 : Bᵀx ≤ 1} and Q = {y ≥ 0 : Ay ≤ 1} are walked by complementary pivoting
 * from the artificial equilibrium (0, 0), dropping the given label first. Both tableaux use integer pivoting, so
 * every step is exact; the ratio test is lexicographic, which keeps the path well defined on degenerate games (the
 * outcome then says {@code degenerate}). At most 200 actions per player.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + LemkeHowson.NAME,
        CoordinationProtocol.VERSION + "=" + LemkeHowson.VERSION,
        CoordinationProtocol.FAMILY + "=" + LemkeHowson.FAMILY })
public final class LemkeHowson extends Mechanism<LemkeHowsonStart, EquilibriumOutcome> {

    static final String NAME = "lemke-howson";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "game";
    static final int MAX_ACTIONS = 200;

    public LemkeHowson() {
        super(NAME, VERSION, FAMILY, LemkeHowsonStart.class);
    }

    @Override
    protected EquilibriumOutcome decide(LemkeHowsonStart problem) {
        Payoffs payoffs = Payoffs.check("game", problem.game(), MAX_ACTIONS);
        int m = payoffs.rows;
        int n = payoffs.columns;
        int dropped = problem.label();
        if (dropped < 0 || dropped >= m + n) {
            throw Check.invalid("label", "must be between 0 and " + (m + n - 1) + ", was " + dropped);
        }
        // Q: r_i + Σ_j A_ij·y_j = 1, variables by label: r_i has label i, y_j has label m+j.
        Tableau q = new Tableau(m, m + n, 0);
        BigInteger[][] a = positive(payoffs.scaledRow);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                q.set(i, m + j, a[i][j]);
            }
        }
        // P: s_j + Σ_i B_ij·x_i = 1, variables by label: x_i has label i, s_j has label m+j.
        Tableau p = new Tableau(n, m + n, m);
        BigInteger[][] b = positive(payoffs.scaledColumn);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                p.set(j, i, b[i][j]);
            }
        }
        Tableau current = dropped < m ? p : q;
        int entering = dropped;
        long pivots = 0;
        boolean degenerate = false;
        while (true) {
            int row = current.ratioTest(entering);
            degenerate |= current.lastTestTied;
            int leaving = current.pivot(row, entering);
            pivots++;
            if (leaving == dropped) {
                break;
            }
            current = current == p ? q : p;
            entering = leaving;
        }
        Fraction[] x = p.strategy(0, m);
        Fraction[] y = q.strategy(m, n);
        Equilibrium equilibrium = new Equilibrium(List.of(x), List.of(y), payoffs.rowPayoff(x, y),
                payoffs.columnPayoff(x, y));
        return new EquilibriumOutcome(List.of(equilibrium), degenerate, Measurements.counts(pivots, 0));
    }

    /** The matrix shifted so that its smallest entry is 1. */
    private static BigInteger[][] positive(BigInteger[][] matrix) {
        BigInteger min = matrix[0][0];
        for (BigInteger[] line : matrix) {
            for (BigInteger value : line) {
                min = min.min(value);
            }
        }
        BigInteger shift = BigInteger.ONE.subtract(min);
        BigInteger[][] shifted = new BigInteger[matrix.length][matrix[0].length];
        for (int i = 0; i < matrix.length; i++) {
            for (int j = 0; j < matrix[0].length; j++) {
                shifted[i][j] = matrix[i][j].add(shift);
            }
        }
        return shifted;
    }

    /**
     * An integer tableau: rows are equations Σ_v coefficient·v = rhs over variables indexed by label, with one basic
     * variable per row. Integer pivoting keeps every basic column equal to {@code determinant} in its row, so a basic
     * variable's value is rhs / determinant.
     */
    private static final class Tableau {
        private final BigInteger[][] coefficients;
        private final BigInteger[] rhs;
        private final int[] basic;
        private final int[] slack;
        private BigInteger determinant = BigInteger.ONE;
        boolean lastTestTied;

        /** {@code rows} slack variables with labels {@code firstSlack …}, each basic in its own row. */
        Tableau(int rows, int variables, int firstSlack) {
            coefficients = new BigInteger[rows][variables];
            rhs = new BigInteger[rows];
            basic = new int[rows];
            slack = new int[rows];
            for (int r = 0; r < rows; r++) {
                Arrays.fill(coefficients[r], BigInteger.ZERO);
                coefficients[r][firstSlack + r] = BigInteger.ONE;
                rhs[r] = BigInteger.ONE;
                basic[r] = firstSlack + r;
                slack[r] = firstSlack + r;
            }
        }

        void set(int row, int variable, BigInteger value) {
            coefficients[row][variable] = value;
        }

        /**
         * The row that leaves when {@code entering} increases: the smallest rhs / coefficient among rows with a
         * positive coefficient, ties broken lexicographically by the slack columns (the inverse of the basis).
         */
        int ratioTest(int entering) {
            int best = -1;
            lastTestTied = false;
            for (int r = 0; r < rhs.length; r++) {
                if (coefficients[r][entering].signum() <= 0) {
                    continue;
                }
                if (best < 0) {
                    best = r;
                    continue;
                }
                int order = compare(rhs[r], r, rhs[best], best, entering);
                if (order == 0) {
                    lastTestTied = true;
                    for (int column : slack) {
                        order = compare(coefficients[r][column], r, coefficients[best][column], best, entering);
                        if (order != 0) {
                            break;
                        }
                    }
                }
                if (order < 0) {
                    best = r;
                }
            }
            if (best < 0) {
                throw new IllegalStateException("unbounded ray: the payoffs were not made positive");
            }
            return best;
        }

        /** Compares u / coefficient[r] with v / coefficient[s] in the entering column (both coefficients positive). */
        private int compare(BigInteger u, int r, BigInteger v, int s, int entering) {
            return u.multiply(coefficients[s][entering]).compareTo(v.multiply(coefficients[r][entering]));
        }

        /** Makes {@code entering} basic in {@code row}; returns the label of the variable that left. */
        int pivot(int row, int entering) {
            BigInteger pivot = coefficients[row][entering];
            for (int r = 0; r < rhs.length; r++) {
                if (r == row) {
                    continue;
                }
                BigInteger factor = coefficients[r][entering];
                for (int v = 0; v < coefficients[r].length; v++) {
                    coefficients[r][v] = coefficients[r][v].multiply(pivot)
                            .subtract(factor.multiply(coefficients[row][v])).divide(determinant);
                }
                rhs[r] = rhs[r].multiply(pivot).subtract(factor.multiply(rhs[row])).divide(determinant);
            }
            determinant = pivot;
            int leaving = basic[row];
            basic[row] = entering;
            return leaving;
        }

        /** Values of the variables with labels {@code first … first+count−1}, normalised to sum to 1. */
        Fraction[] strategy(int first, int count) {
            BigInteger[] values = new BigInteger[count];
            Arrays.fill(values, BigInteger.ZERO);
            BigInteger total = BigInteger.ZERO;
            for (int r = 0; r < rhs.length; r++) {
                int label = basic[r];
                if (label >= first && label < first + count) {
                    values[label - first] = rhs[r];
                    total = total.add(rhs[r]);
                }
            }
            Fraction[] strategy = new Fraction[count];
            for (int i = 0; i < count; i++) {
                strategy[i] = new Fraction(values[i], total);
            }
            return strategy;
        }
    }
}
