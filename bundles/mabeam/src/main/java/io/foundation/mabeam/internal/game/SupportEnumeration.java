package io.foundation.mabeam.internal.game;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.game.BimatrixGame;
import io.foundation.api.mabeam.game.Equilibrium;
import io.foundation.api.mabeam.game.EquilibriumOutcome;
import io.foundation.api.mabeam.game.LemkeHowsonStart;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * All Nash equilibria of a bimatrix game by support enumeration. For every pair of supports of equal size k (rows I,
 * columns J) it solves, exactly, for the column strategy on J that makes the row player indifferent over I and the
 * row strategy on I that makes the column player indifferent over J; the pair is an equilibrium when both are
 * strictly positive on their supports and no action outside a support pays more. In a nondegenerate game every
 * equilibrium has supports of equal size, so the list is complete; a degenerate game whose every equilibrium needs
 * supports of different sizes gets the one Lemke–Howson reaches, marked degenerate. Equilibria are listed by support size, then row
 * support, then column support, each in lexicographic order. At most 10 actions per player.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + SupportEnumeration.NAME,
        CoordinationProtocol.VERSION + "=" + SupportEnumeration.VERSION,
        CoordinationProtocol.FAMILY + "=" + SupportEnumeration.FAMILY })
public final class SupportEnumeration extends Mechanism<BimatrixGame, EquilibriumOutcome> {

    static final String NAME = "nash-support-enumeration";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "game";
    static final int MAX_ACTIONS = 10;

    public SupportEnumeration() {
        super(NAME, VERSION, FAMILY, BimatrixGame.class);
    }

    @Override
    protected EquilibriumOutcome decide(BimatrixGame game) {
        Payoffs payoffs = Payoffs.check("", game, MAX_ACTIONS);
        BigInteger[][] a = payoffs.scaledRow;
        BigInteger[][] bTransposed = transpose(payoffs.scaledColumn);
        List<Equilibrium> equilibria = new ArrayList<>();
        boolean degenerate = false;
        long supportPairs = 0;
        for (int k = 1; k <= Math.min(payoffs.rows, payoffs.columns); k++) {
            List<int[]> columnSupports = Subsets.of(payoffs.columns, k);
            for (int[] rowSupport : Subsets.of(payoffs.rows, k)) {
                for (int[] columnSupport : columnSupports) {
                    supportPairs++;
                    Indifference y = Indifference.solve(a, rowSupport, columnSupport);
                    Indifference x = Indifference.solve(bTransposed, columnSupport, rowSupport);
                    degenerate |= y.degenerate() || x.degenerate();
                    if (y.equilibrium() && x.equilibrium()) {
                        Fraction[] rowStrategy = x.strategy(payoffs.rows);
                        Fraction[] columnStrategy = y.strategy(payoffs.columns);
                        equilibria.add(new Equilibrium(List.of(rowStrategy), List.of(columnStrategy),
                                payoffs.rowPayoff(rowStrategy, columnStrategy),
                                payoffs.columnPayoff(rowStrategy, columnStrategy)));
                    }
                }
            }
        }
        if (equilibria.isEmpty()) {
            // Every game has an equilibrium, so finding none on equal supports proves the game degenerate: its
            // equilibria need supports of different sizes. Lemke–Howson's lexicographic path still reaches one.
            EquilibriumOutcome path = new LemkeHowson().decide(new LemkeHowsonStart(game, 0));
            return new EquilibriumOutcome(path.equilibria(), true, Measurements.counts(supportPairs, 0));
        }
        return new EquilibriumOutcome(equilibria, degenerate, Measurements.counts(supportPairs, 0));
    }

    static BigInteger[][] transpose(BigInteger[][] matrix) {
        BigInteger[][] transposed = new BigInteger[matrix[0].length][matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            for (int j = 0; j < matrix[0].length; j++) {
                transposed[j][i] = matrix[i][j];
            }
        }
        return transposed;
    }

    /**
     * The opponent's strategy on {@code support} that makes the player indifferent among {@code own}: solves
     * Σ_{j∈support} M[i][j]·s_j = u for i ∈ own, Σ s_j = 1.
     *
     * @param equilibrium the strategy is strictly positive and no action outside {@code own} pays more than u
     * @param degenerate the system was singular, or a positive strategy left an action outside {@code own} paying
     *        exactly u
     */
    private record Indifference(LinearSystem.Solution solution, int[] support, boolean equilibrium,
            boolean degenerate) {

        static Indifference solve(BigInteger[][] payoff, int[] own, int[] support) {
            int k = support.length;
            BigInteger[][] matrix = new BigInteger[k + 1][k + 1];
            BigInteger[] rhs = new BigInteger[k + 1];
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    matrix[r][c] = payoff[own[r]][support[c]];
                }
                matrix[r][k] = BigInteger.ONE.negate();
                rhs[r] = BigInteger.ZERO;
            }
            for (int c = 0; c < k; c++) {
                matrix[k][c] = BigInteger.ONE;
            }
            matrix[k][k] = BigInteger.ZERO;
            rhs[k] = BigInteger.ONE;
            LinearSystem.Solution solution = LinearSystem.solve(matrix, rhs);
            if (solution == null) {
                return new Indifference(null, support, false, true);
            }
            for (int c = 0; c < k; c++) {
                if (solution.sign(c) <= 0) {
                    return new Indifference(solution, support, false, false);
                }
            }
            // Compare M[i]·s with u for actions outside own, scaled by the determinant's sign.
            BigInteger value = solution.numerators()[k];
            int sign = solution.determinant().signum();
            boolean beaten = false;
            boolean tied = false;
            boolean[] inOwn = new boolean[payoff.length];
            for (int i : own) {
                inOwn[i] = true;
            }
            for (int i = 0; i < payoff.length; i++) {
                if (inOwn[i]) {
                    continue;
                }
                BigInteger sum = BigInteger.ZERO;
                for (int c = 0; c < k; c++) {
                    sum = sum.add(payoff[i][support[c]].multiply(solution.numerators()[c]));
                }
                int order = sum.compareTo(value) * sign;
                beaten |= order > 0;
                tied |= order == 0;
            }
            return new Indifference(solution, support, !beaten, tied);
        }

        /** The strategy over all {@code actions}, zero outside the support. */
        Fraction[] strategy(int actions) {
            Fraction[] strategy = new Fraction[actions];
            Arrays.fill(strategy, Fraction.ZERO);
            for (int c = 0; c < support.length; c++) {
                strategy[support[c]] = new Fraction(solution.numerators()[c], solution.determinant());
            }
            return strategy;
        }
    }
}
