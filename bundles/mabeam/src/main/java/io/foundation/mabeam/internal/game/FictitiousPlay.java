package io.foundation.mabeam.internal.game;

import java.math.BigInteger;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.game.LearningOutcome;
import io.foundation.api.mabeam.game.RepeatedPlay;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Fictitious play. Both players start with their first action; afterwards each plays a best response to the
 * opponent's empirical frequencies so far, simultaneously, the lowest-index action on a tie. Best responses are
 * computed exactly on integer-scaled payoffs, so ties are real ties; the scaled payoffs times the rounds must stay
 * below 2⁶³. In zero-sum games and in 2×2 games the empirical frequencies converge to a Nash equilibrium.
 * Deterministic; the seed is not used.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + FictitiousPlay.NAME,
        CoordinationProtocol.VERSION + "=" + FictitiousPlay.VERSION,
        CoordinationProtocol.FAMILY + "=" + FictitiousPlay.FAMILY })
public final class FictitiousPlay extends Mechanism<RepeatedPlay, LearningOutcome> {

    static final String NAME = "fictitious-play";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "game";

    public FictitiousPlay() {
        super(NAME, VERSION, FAMILY, RepeatedPlay.class);
    }

    @Override
    protected LearningOutcome decide(RepeatedPlay play) {
        Payoffs payoffs = Learning.check(play);
        long[][] a = bounded("game.rowPayoffs", payoffs.scaledRow, play.rounds());
        long[][] b = bounded("game.columnPayoffs", payoffs.scaledColumn, play.rounds());
        int m = payoffs.rows;
        int n = payoffs.columns;
        long[] rowTotals = new long[m];
        long[] columnTotals = new long[n];
        long[][] counts = new long[m][n];
        int row = 0;
        int column = 0;
        for (int t = 0; t < play.rounds(); t++) {
            counts[row][column]++;
            for (int i = 0; i < m; i++) {
                rowTotals[i] += a[i][column];
            }
            for (int j = 0; j < n; j++) {
                columnTotals[j] += b[row][j];
            }
            row = argmax(rowTotals);
            column = argmax(columnTotals);
        }
        return Learning.outcome(payoffs, Learning.frequencies(counts, play.rounds()), play.rounds());
    }

    private static long[][] bounded(String field, BigInteger[][] scaled, int rounds) {
        BigInteger limit = BigInteger.valueOf(Long.MAX_VALUE / rounds);
        long[][] values = new long[scaled.length][scaled[0].length];
        for (int i = 0; i < scaled.length; i++) {
            for (int j = 0; j < scaled[0].length; j++) {
                if (scaled[i][j].abs().compareTo(limit) > 0) {
                    throw Check.invalid(Check.at(Check.at(field, i), j),
                            "too large or too precise to add up exactly over " + rounds + " rounds");
                }
                values[i][j] = scaled[i][j].longValueExact();
            }
        }
        return values;
    }

    private static int argmax(long[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
