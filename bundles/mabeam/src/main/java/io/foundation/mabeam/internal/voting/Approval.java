package io.foundation.mabeam.internal.voting;

import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.voting.Election;
import io.foundation.api.mabeam.voting.ElectionOutcome;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Approval voting: each ballot gives its weight to every candidate it lists; the most approvals win. Shares are
 * approvals divided by the total weight cast, so they may add up to more than 1.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Approval.NAME,
        CoordinationProtocol.VERSION + "=" + Approval.VERSION,
        CoordinationProtocol.FAMILY + "=" + Approval.FAMILY })
public final class Approval extends Mechanism<Election, ElectionOutcome> {

    static final String NAME = "approval";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "voting";

    public Approval() {
        super(NAME, VERSION, FAMILY, Election.class);
    }

    @Override
    protected ElectionOutcome decide(Election election) {
        Electorate electorate = Electorate.check(election);
        long[] approvals = new long[electorate.size()];
        for (int b = 0; b < electorate.choices.length; b++) {
            for (int candidate : electorate.choices[b]) {
                approvals[candidate] += electorate.weights[b];
            }
        }
        boolean[] all = Electorate.everyone(electorate.size());
        var tallies = electorate.tallies(approvals, all, electorate.totalWeight);
        return electorate.outcome(Electorate.top(approvals, all), tallies, List.of(tallies));
    }
}
