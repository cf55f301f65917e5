package io.foundation.mabeam.internal.game;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.game.BimatrixGame;
import io.foundation.mabeam.internal.protocol.Check;

/**
 * A validated bimatrix game: both matrices present, rectangular, of the same shape, with finite entries. Each
 * payoff is also kept as the exact decimal it was written as, and each matrix as integers scaled by a common power
 * of ten, which changes no equilibrium and no best response.
 */
final class Payoffs {

    final int rows;
    final int columns;
    final double[][] row;
    final double[][] column;
    final Fraction[][] exactRow;
    final Fraction[][] exactColumn;
    final BigInteger[][] scaledRow;
    final BigInteger[][] scaledColumn;

    private Payoffs(double[][] row, double[][] column) {
        this.rows = row.length;
        this.columns = row[0].length;
        this.row = row;
        this.column = column;
        this.exactRow = exact(row);
        this.exactColumn = exact(column);
        this.scaledRow = scaled(row);
        this.scaledColumn = scaled(column);
    }

    /**
     * @param field where the game sits in the problem, {@code ""} when the game is the problem
     * @param maxActions the most actions either player may have for the calling solver
     */
    static Payoffs check(String field, BimatrixGame game, int maxActions) {
        Check.present(field.isEmpty() ? "problem" : field, game);
        String prefix = field.isEmpty() ? "" : field + ".";
        double[][] row = matrix(prefix + "rowPayoffs", game.rowPayoffs(), -1, -1, maxActions);
        double[][] column = matrix(prefix + "columnPayoffs", game.columnPayoffs(), row.length, row[0].length,
                maxActions);
        return new Payoffs(row, column);
    }

    private static double[][] matrix(String field, List<List<Double>> matrix, int rows, int columns,
            int maxActions) {
        Check.nonEmpty(field, matrix);
        if (rows >= 0 && matrix.size() != rows) {
            throw Check.invalid(field, "has " + matrix.size() + " rows, rowPayoffs has " + rows);
        }
        if (matrix.size() > maxActions) {
            throw Check.invalid(field, "has " + matrix.size() + " rows, at most " + maxActions + " are supported");
        }
        int width = columns >= 0 ? columns : Check.nonEmpty(Check.at(field, 0), matrix.get(0)).size();
        if (width > maxActions) {
            throw Check.invalid(Check.at(field, 0), "has " + width + " entries, at most " + maxActions
                    + " are supported");
        }
        double[][] values = new double[matrix.size()][width];
        for (int i = 0; i < matrix.size(); i++) {
            List<Double> entries = Check.elements(Check.at(field, i), matrix.get(i));
            if (entries.size() != width) {
                throw Check.invalid(Check.at(field, i), "has " + entries.size() + " entries, expected " + width);
            }
            for (int j = 0; j < width; j++) {
                values[i][j] = Check.finite(Check.at(Check.at(field, i), j), entries.get(j));
            }
        }
        return values;
    }

    private static Fraction[][] exact(double[][] values) {
        Fraction[][] exact = new Fraction[values.length][values[0].length];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                exact[i][j] = Fraction.of(BigDecimal.valueOf(values[i][j]));
            }
        }
        return exact;
    }

    private static BigInteger[][] scaled(double[][] values) {
        int scale = 0;
        for (double[] line : values) {
            for (double value : line) {
                scale = Math.max(scale, BigDecimal.valueOf(value).stripTrailingZeros().scale());
            }
        }
        BigInteger[][] scaled = new BigInteger[values.length][values[0].length];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                scaled[i][j] = BigDecimal.valueOf(values[i][j]).movePointRight(scale).toBigIntegerExact();
            }
        }
        return scaled;
    }

    /** The row player's expected payoff of {@code x} against {@code y}, exactly. */
    Fraction rowPayoff(Fraction[] x, Fraction[] y) {
        return expected(exactRow, x, y);
    }

    /** The column player's expected payoff of {@code x} against {@code y}, exactly. */
    Fraction columnPayoff(Fraction[] x, Fraction[] y) {
        return expected(exactColumn, x, y);
    }

    private static Fraction expected(Fraction[][] matrix, Fraction[] x, Fraction[] y) {
        Fraction sum = Fraction.ZERO;
        for (int i = 0; i < x.length; i++) {
            if (x[i].signum() == 0) {
                continue;
            }
            for (int j = 0; j < y.length; j++) {
                if (y[j].signum() != 0) {
                    sum = sum.add(x[i].multiply(y[j]).multiply(matrix[i][j]));
                }
            }
        }
        return sum;
    }
}
