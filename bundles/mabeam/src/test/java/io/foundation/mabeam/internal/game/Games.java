package io.foundation.mabeam.internal.game;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.game.BimatrixGame;
import io.foundation.api.mabeam.game.Equilibrium;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Random games and an exact equilibrium check for the game tests. */
final class Games {

    private Games() {
    }

    /** Games of 1..maxActions actions per player with integer payoffs in [-range, range]. */
    static Arbitrary<BimatrixGame> games(int maxActions, int range) {
        return Arbitraries.integers().between(1, maxActions).flatMap(m -> Arbitraries.integers()
                .between(1, maxActions).flatMap(n -> {
                    Arbitrary<List<List<Double>>> matrix = Arbitraries.integers().between(-range, range)
                            .map(Integer::doubleValue).list().ofSize(n).list().ofSize(m);
                    return matrix.flatMap(a -> matrix.map(b -> new BimatrixGame(a, b)));
                }));
    }

    static BimatrixGame game(double[][] a, double[][] b) {
        return new BimatrixGame(lists(a), lists(b));
    }

    static List<List<Double>> lists(double[][] matrix) {
        List<List<Double>> rows = new ArrayList<>();
        for (double[] row : matrix) {
            List<Double> line = new ArrayList<>();
            for (double value : row) {
                line.add(value);
            }
            rows.add(line);
        }
        return rows;
    }

    private static Fraction exact(double value) {
        return Fraction.of(java.math.BigDecimal.valueOf(value));
    }

    /** Probabilities are non-negative and add up to 1, and no pure deviation pays either player more. */
    static boolean isNash(BimatrixGame game, Equilibrium equilibrium) {
        List<Fraction> x = equilibrium.row();
        List<Fraction> y = equilibrium.column();
        if (!isDistribution(x) || !isDistribution(y)) {
            return false;
        }
        int m = x.size();
        int n = y.size();
        Fraction rowValue = Fraction.ZERO;
        Fraction columnValue = Fraction.ZERO;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                Fraction p = x.get(i).multiply(y.get(j));
                rowValue = rowValue.add(p.multiply(exact(game.rowPayoffs().get(i).get(j))));
                columnValue = columnValue.add(p.multiply(exact(game.columnPayoffs().get(i).get(j))));
            }
        }
        if (!rowValue.equals(equilibrium.rowPayoff()) || !columnValue.equals(equilibrium.columnPayoff())) {
            return false;
        }
        for (int i = 0; i < m; i++) {
            Fraction deviation = Fraction.ZERO;
            for (int j = 0; j < n; j++) {
                deviation = deviation.add(y.get(j).multiply(exact(game.rowPayoffs().get(i).get(j))));
            }
            if (deviation.compareTo(rowValue) > 0) {
                return false;
            }
        }
        for (int j = 0; j < n; j++) {
            Fraction deviation = Fraction.ZERO;
            for (int i = 0; i < m; i++) {
                deviation = deviation.add(x.get(i).multiply(exact(game.columnPayoffs().get(i).get(j))));
            }
            if (deviation.compareTo(columnValue) > 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDistribution(List<Fraction> p) {
        return p.stream().allMatch(f -> f.signum() >= 0) && p.stream().reduce(Fraction.ZERO, Fraction::add)
                .equals(Fraction.ONE);
    }

    /** Pure equilibria by checking every cell: [row, column] pairs in row-major order. */
    static List<int[]> pureEquilibria(BimatrixGame game) {
        List<List<Double>> a = game.rowPayoffs();
        List<List<Double>> b = game.columnPayoffs();
        List<int[]> pure = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(0).size(); j++) {
                boolean best = true;
                for (int k = 0; k < a.size(); k++) {
                    best &= a.get(k).get(j) <= a.get(i).get(j);
                }
                for (int k = 0; k < a.get(0).size(); k++) {
                    best &= b.get(i).get(k) <= b.get(i).get(j);
                }
                if (best) {
                    pure.add(new int[] {i, j});
                }
            }
        }
        return pure;
    }

    /** The action a strategy plays for sure, or -1 when it mixes. */
    static int pureAction(List<Fraction> strategy) {
        for (int i = 0; i < strategy.size(); i++) {
            if (strategy.get(i).equals(Fraction.ONE)) {
                return i;
            }
        }
        return -1;
    }
}
