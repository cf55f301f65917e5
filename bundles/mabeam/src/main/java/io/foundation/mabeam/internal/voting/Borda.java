package io.foundation.mabeam.internal.voting;

import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.voting.Election;
import io.foundation.api.mabeam.voting.ElectionOutcome;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Borda count: with m candidates a ballot gives m−1 points times its weight to its first choice, m−2 to its second,
 * and so on; unlisted candidates get nothing. The most points win. Shares are points divided by all points given.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Borda.NAME,
        CoordinationProtocol.VERSION + "=" + Borda.VERSION,
        CoordinationProtocol.FAMILY + "=" + Borda.FAMILY })
public final class Borda extends Mechanism<Election, ElectionOutcome> {

    static final String NAME = "borda";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "voting";

    public Borda() {
        super(NAME, VERSION, FAMILY, Election.class);
    }

    @Override
    protected ElectionOutcome decide(Election election) {
        Electorate electorate = Electorate.check(election);
        int m = electorate.size();
        long[] points = new long[m];
        long total = 0;
        for (int b = 0; b < electorate.choices.length; b++) {
            int[] ranking = electorate.choices[b];
            for (int position = 0; position < ranking.length; position++) {
                points[ranking[position]] += (long) (m - 1 - position) * electorate.weights[b];
                total += (long) (m - 1 - position) * electorate.weights[b];
            }
        }
        boolean[] all = Electorate.everyone(m);
        var tallies = electorate.tallies(points, all, total);
        return electorate.outcome(Electorate.top(points, all), tallies, List.of(tallies));
    }
}
