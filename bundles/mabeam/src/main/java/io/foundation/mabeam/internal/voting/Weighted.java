package io.foundation.mabeam.internal.voting;

import java.math.BigInteger;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.voting.Election;
import io.foundation.api.mabeam.voting.ElectionOutcome;
import io.foundation.api.mabeam.voting.Tally;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Weighted quota voting: each ballot gives its weight to its first choice, and a candidate wins only with a share of
 * the total weight actually cast (blank ballots included) strictly above the quota, by default 1/2 (a weighted
 * majority). Shares are normalised by that actual total, never by the number of voters or an assumed electorate.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Weighted.NAME,
        CoordinationProtocol.VERSION + "=" + Weighted.VERSION,
        CoordinationProtocol.FAMILY + "=" + Weighted.FAMILY })
public final class Weighted extends Mechanism<Election, ElectionOutcome> {

    static final String NAME = "weighted";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "voting";
    static final Fraction DEFAULT_QUOTA = Fraction.of(1, 2);

    public Weighted() {
        super(NAME, VERSION, FAMILY, Election.class);
    }

    @Override
    protected ElectionOutcome decide(Election election) {
        Electorate electorate = Electorate.check(election);
        Fraction quota = election.quota() == null ? DEFAULT_QUOTA : election.quota();
        if (quota.signum() < 0 || quota.compareTo(Fraction.ONE) >= 0) {
            throw Check.invalid("quota", "must be at least 0 and below 1, was " + quota);
        }
        long[] votes = new long[electorate.size()];
        for (int b = 0; b < electorate.choices.length; b++) {
            if (electorate.choices[b].length > 0) {
                votes[electorate.choices[b][0]] += electorate.weights[b];
            }
        }
        boolean[] all = Electorate.everyone(electorate.size());
        List<Tally> tallies = electorate.tallies(votes, all, electorate.totalWeight);
        List<Integer> top = Electorate.top(votes, all);
        BigInteger leading = BigInteger.valueOf(votes[top.get(0)]).multiply(quota.denominator());
        BigInteger needed = BigInteger.valueOf(electorate.totalWeight).multiply(quota.numerator());
        if (leading.compareTo(needed) <= 0) {
            return electorate.noQuota(tallies, List.of(tallies));
        }
        return electorate.outcome(top, tallies, List.of(tallies));
    }
}
