package io.foundation.mabeam.internal.game;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.game.LearningOutcome;
import io.foundation.api.mabeam.game.RepeatedPlay;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Multiplicative weights (Hedge) in self-play with full information. Each round both players play mixed strategies
 * proportional to their weights; each action's weight is multiplied by exp(η·g), g being the action's payoff against
 * the opponent's mixed strategy, rescaled to [0, 1]. With η = √(8 ln k / T) for k actions and T rounds (the default
 * when the learning rate is 0) a player's average regret is at most range·√(ln k / (2T)). Deterministic; the seed is
 * not used. The joint play is the average of the product strategies played.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Hedge.NAME,
        CoordinationProtocol.VERSION + "=" + Hedge.VERSION,
        CoordinationProtocol.FAMILY + "=" + Hedge.FAMILY })
public final class Hedge extends Mechanism<RepeatedPlay, LearningOutcome> {

    static final String NAME = "hedge";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "game";

    public Hedge() {
        super(NAME, VERSION, FAMILY, RepeatedPlay.class);
    }

    @Override
    protected LearningOutcome decide(RepeatedPlay play) {
        Payoffs payoffs = Learning.check(play);
        int m = payoffs.rows;
        int n = payoffs.columns;
        int rounds = play.rounds();
        double rowRate = play.learningRate() > 0 ? play.learningRate() : Math.sqrt(8 * Math.log(m) / rounds);
        double columnRate = play.learningRate() > 0 ? play.learningRate() : Math.sqrt(8 * Math.log(n) / rounds);
        double rowMin = Learning.min(payoffs.row);
        double rowRange = Learning.range(payoffs.row);
        double columnMin = Learning.min(payoffs.column);
        double columnRange = Learning.range(payoffs.column);
        double[] rowLogWeights = new double[m];
        double[] columnLogWeights = new double[n];
        double[][] joint = new double[m][n];
        for (int t = 0; t < rounds; t++) {
            double[] x = softmax(rowLogWeights);
            double[] y = softmax(columnLogWeights);
            for (int i = 0; i < m; i++) {
                double payoff = 0;
                for (int j = 0; j < n; j++) {
                    payoff += payoffs.row[i][j] * y[j];
                    joint[i][j] += x[i] * y[j];
                }
                rowLogWeights[i] += rowRate * scaled(payoff, rowMin, rowRange);
            }
            for (int j = 0; j < n; j++) {
                double payoff = 0;
                for (int i = 0; i < m; i++) {
                    payoff += x[i] * payoffs.column[i][j];
                }
                columnLogWeights[j] += columnRate * scaled(payoff, columnMin, columnRange);
            }
        }
        for (double[] line : joint) {
            for (int j = 0; j < n; j++) {
                line[j] /= rounds;
            }
        }
        return Learning.outcome(payoffs, joint, rounds);
    }

    private static double scaled(double payoff, double min, double range) {
        return range == 0 ? 0 : (payoff - min) / range;
    }

    private static double[] softmax(double[] logWeights) {
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logWeights) {
            max = Math.max(max, w);
        }
        double[] p = new double[logWeights.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logWeights[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
