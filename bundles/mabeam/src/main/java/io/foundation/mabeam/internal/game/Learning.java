package io.foundation.mabeam.internal.game;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.game.LearningOutcome;
import io.foundation.api.mabeam.game.RepeatedPlay;
import io.foundation.mabeam.internal.protocol.Check;

/** What the learning rules share: checking a repeated game, and measuring where play went. */
final class Learning {

    static final int MAX_ACTIONS = 100;
    static final int MAX_ROUNDS = 1_000_000;

    private Learning() {
    }

    static Payoffs check(RepeatedPlay play) {
        Payoffs payoffs = Payoffs.check("game", play.game(), MAX_ACTIONS);
        if (play.rounds() < 1 || play.rounds() > MAX_ROUNDS) {
            throw Check.invalid("rounds", "must be between 1 and " + MAX_ROUNDS + ", was " + play.rounds());
        }
        Check.nonNegative("learningRate", play.learningRate());
        return payoffs;
    }

    /**
     * The outcome of play whose joint distribution (summing to 1) is {@code joint}. Regrets and the correlated gap
     * are computed from the joint distribution: against it, the best fixed action of a player, and the best switch
     * from one action to another, compared with what the player got.
     */
    static LearningOutcome outcome(Payoffs payoffs, double[][] joint, long rounds) {
        int m = payoffs.rows;
        int n = payoffs.columns;
        double[] rowStrategy = new double[m];
        double[] columnStrategy = new double[n];
        double rowGot = 0;
        double columnGot = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                rowStrategy[i] += joint[i][j];
                columnStrategy[j] += joint[i][j];
                rowGot += joint[i][j] * payoffs.row[i][j];
                columnGot += joint[i][j] * payoffs.column[i][j];
            }
        }
        double rowBest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            double value = 0;
            for (int j = 0; j < n; j++) {
                value += columnStrategy[j] * payoffs.row[i][j];
            }
            rowBest = Math.max(rowBest, value);
        }
        double columnBest = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double value = 0;
            for (int i = 0; i < m; i++) {
                value += rowStrategy[i] * payoffs.column[i][j];
            }
            columnBest = Math.max(columnBest, value);
        }
        double gap = 0;
        for (int from = 0; from < m; from++) {
            for (int to = 0; to < m; to++) {
                double gain = 0;
                for (int j = 0; j < n; j++) {
                    gain += joint[from][j] * (payoffs.row[to][j] - payoffs.row[from][j]);
                }
                gap = Math.max(gap, gain);
            }
        }
        for (int from = 0; from < n; from++) {
            for (int to = 0; to < n; to++) {
                double gain = 0;
                for (int i = 0; i < m; i++) {
                    gain += joint[i][from] * (payoffs.column[i][to] - payoffs.column[i][from]);
                }
                gap = Math.max(gap, gain);
            }
        }
        List<List<Double>> jointPlay = new ArrayList<>();
        for (double[] line : joint) {
            jointPlay.add(list(line));
        }
        return new LearningOutcome(list(rowStrategy), list(columnStrategy), jointPlay,
                Math.max(0, rowBest - rowGot), Math.max(0, columnBest - columnGot), gap,
                Measurements.counts(rounds, 2 * rounds));
    }

    /** Counts of joint play turned into frequencies. */
    static double[][] frequencies(long[][] counts, long rounds) {
        double[][] joint = new double[counts.length][counts[0].length];
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts[0].length; j++) {
                joint[i][j] = (double) counts[i][j] / rounds;
            }
        }
        return joint;
    }

    static double range(double[][] matrix) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] line : matrix) {
            for (double value : line) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return max - min;
    }

    static double min(double[][] matrix) {
        double min = Double.POSITIVE_INFINITY;
        for (double[] line : matrix) {
            for (double value : line) {
                min = Math.min(min, value);
            }
        }
        return min;
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }
}
