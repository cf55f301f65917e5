package io.foundation.mabeam.internal.voting;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.voting.Election;
import io.foundation.api.mabeam.voting.ElectionOutcome;
import io.foundation.api.mabeam.voting.Tally;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Instant-runoff voting. Each round every ballot counts, with its weight, for its highest-ranked continuing
 * candidate; ballots with none left are exhausted. A candidate with more than half of the non-exhausted weight wins,
 * as does the last candidate left. When all continuing candidates have equal votes they tie for the win. Otherwise
 * the candidate with the fewest votes is eliminated; among several with the fewest, the one listed last in the
 * candidates, whatever the tie rule for the win. Shares are votes divided by the total weight cast.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + InstantRunoff.NAME,
        CoordinationProtocol.VERSION + "=" + InstantRunoff.VERSION,
        CoordinationProtocol.FAMILY + "=" + InstantRunoff.FAMILY })
public final class InstantRunoff extends Mechanism<Election, ElectionOutcome> {

    static final String NAME = "instant-runoff";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "voting";

    public InstantRunoff() {
        super(NAME, VERSION, FAMILY, Election.class);
    }

    @Override
    protected ElectionOutcome decide(Election election) {
        Electorate electorate = Electorate.check(election);
        int m = electorate.size();
        boolean[] continuing = Electorate.everyone(m);
        int left = m;
        List<List<Tally>> rounds = new ArrayList<>();
        while (true) {
            long[] votes = new long[m];
            long active = 0;
            for (int b = 0; b < electorate.choices.length; b++) {
                for (int candidate : electorate.choices[b]) {
                    if (continuing[candidate]) {
                        votes[candidate] += electorate.weights[b];
                        active += electorate.weights[b];
                        break;
                    }
                }
            }
            List<Tally> tallies = electorate.tallies(votes, continuing, electorate.totalWeight);
            rounds.add(tallies);
            List<Integer> top = Electorate.top(votes, continuing);
            if (left == 1 || top.size() == 1 && 2 * votes[top.get(0)] > active || top.size() == left) {
                return electorate.outcome(top, tallies, rounds);
            }
            int eliminated = -1;
            for (int c = 0; c < m; c++) {
                if (continuing[c] && (eliminated < 0 || votes[c] <= votes[eliminated])) {
                    eliminated = c;
                }
            }
            continuing[eliminated] = false;
            left--;
        }
    }
}
