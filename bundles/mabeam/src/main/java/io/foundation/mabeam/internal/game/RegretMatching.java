package io.foundation.mabeam.internal.game;

import java.util.SplittableRandom;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.game.LearningOutcome;
import io.foundation.api.mabeam.game.RepeatedPlay;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Regret matching (Hart and Mas-Colell, 2000). In the first round each player picks an action uniformly at random.
 * Afterwards a player who last played j switches to k with probability max(R(j,k), 0) / μ and otherwise repeats j,
 * where R(j,k) is the average gain it would have had by playing k in every past round it played j, and
 * μ = 2·(actions − 1)·(payoff range). The empirical joint distribution of play converges to the set of correlated
 * equilibria; {@code correlatedGap} measures the distance. Randomness comes from the problem's seed.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + RegretMatching.NAME,
        CoordinationProtocol.VERSION + "=" + RegretMatching.VERSION,
        CoordinationProtocol.FAMILY + "=" + RegretMatching.FAMILY })
public final class RegretMatching extends Mechanism<RepeatedPlay, LearningOutcome> {

    static final String NAME = "regret-matching";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "game";

    public RegretMatching() {
        super(NAME, VERSION, FAMILY, RepeatedPlay.class);
    }

    @Override
    protected LearningOutcome decide(RepeatedPlay play) {
        Payoffs payoffs = Learning.check(play);
        int m = payoffs.rows;
        int n = payoffs.columns;
        double[][] a = payoffs.row;
        double[][] b = payoffs.column;
        double rowInertia = 2 * Math.max(1, m - 1) * Learning.range(a);
        double columnInertia = 2 * Math.max(1, n - 1) * Learning.range(b);
        double[][] rowRegret = new double[m][m];
        double[][] columnRegret = new double[n][n];
        long[][] counts = new long[m][n];
        SplittableRandom random = new SplittableRandom(play.seed());
        int row = random.nextInt(m);
        int column = random.nextInt(n);
        for (int t = 1; t <= play.rounds(); t++) {
            counts[row][column]++;
            for (int k = 0; k < m; k++) {
                rowRegret[row][k] += a[k][column] - a[row][column];
            }
            for (int k = 0; k < n; k++) {
                columnRegret[column][k] += b[row][k] - b[row][column];
            }
            int nextRow = next(rowRegret[row], row, t * rowInertia, random);
            int nextColumn = next(columnRegret[column], column, t * columnInertia, random);
            row = nextRow;
            column = nextColumn;
        }
        return Learning.outcome(payoffs, Learning.frequencies(counts, play.rounds()), play.rounds());
    }

    /** Switches from {@code last} to k with probability max(regret[k], 0) / scale; stays otherwise. */
    private static int next(double[] regret, int last, double scale, SplittableRandom random) {
        if (scale == 0) {
            return last;
        }
        double draw = random.nextDouble();
        double cumulative = 0;
        for (int k = 0; k < regret.length; k++) {
            if (k != last && regret[k] > 0) {
                cumulative += regret[k] / scale;
                if (draw < cumulative) {
                    return k;
                }
            }
        }
        return last;
    }
}
