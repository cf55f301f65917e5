package io.foundation.mabeam.internal.voting;

import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.voting.Election;
import io.foundation.api.mabeam.voting.ElectionOutcome;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Plurality: each ballot gives its weight to its first choice; the most votes win. Shares are votes divided by the
 * total weight cast, blank ballots included.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Plurality.NAME,
        CoordinationProtocol.VERSION + "=" + Plurality.VERSION,
        CoordinationProtocol.FAMILY + "=" + Plurality.FAMILY })
public final class Plurality extends Mechanism<Election, ElectionOutcome> {

    static final String NAME = "plurality";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "voting";

    public Plurality() {
        super(NAME, VERSION, FAMILY, Election.class);
    }

    @Override
    protected ElectionOutcome decide(Election election) {
        Electorate electorate = Electorate.check(election);
        long[] votes = new long[electorate.size()];
        for (int b = 0; b < electorate.choices.length; b++) {
            if (electorate.choices[b].length > 0) {
                votes[electorate.choices[b][0]] += electorate.weights[b];
            }
        }
        boolean[] all = Electorate.everyone(electorate.size());
        var tallies = electorate.tallies(votes, all, electorate.totalWeight);
        return electorate.outcome(Electorate.top(votes, all), tallies, List.of(tallies));
    }
}
