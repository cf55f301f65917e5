package io.foundation.mabeam.internal.negotiation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.negotiation.ConcessionOutcome;
import io.foundation.api.mabeam.negotiation.Deal;
import io.foundation.api.mabeam.negotiation.MonotonicConcession;
import io.foundation.api.mabeam.negotiation.Proposal;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Monotonic concession protocol with the Zeuthen strategy.
 *
 * <p>Each party opens with its best deal. Every round, a party accepts the other's proposal if it is worth at least
 * as much to it as its own. Otherwise the party with the smaller willingness to risk conflict concedes, where party
 * i's risk is (u_i(own) − u_i(other's)) / u_i(own); comparing risks is the same as comparing the Nash products
 * u₁·u₂ of the two proposals, so the party whose proposal has the smaller product concedes (both on a tie). A
 * conceding party moves to the deal it likes best among those that are better for the other party than its current
 * proposal and have a larger Nash product than the other's proposal, just enough that the other must concede next;
 * if no such deal exists it accepts the other's proposal. Products are compared exactly.
 *
 * <p>The agreement maximises the Nash product over all deals. When both parties accept at once, the proposal with
 * the larger product is agreed, and on equal products the deal listed first. Ties among deals a party likes equally
 * go to the one better for the other party, then to the deal listed first.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Zeuthen.NAME,
        CoordinationProtocol.VERSION + "=" + Zeuthen.VERSION,
        CoordinationProtocol.FAMILY + "=" + Zeuthen.FAMILY })
public final class Zeuthen extends Mechanism<MonotonicConcession, ConcessionOutcome> {

    static final String NAME = "zeuthen";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "negotiation";

    public Zeuthen() {
        super(NAME, VERSION, FAMILY, MonotonicConcession.class);
    }

    @Override
    protected ConcessionOutcome decide(MonotonicConcession problem) {
        List<Deal> deals = Check.nonEmpty("deals", problem.deals());
        Set<String> ids = new HashSet<>();
        int n = deals.size();
        BigDecimal[][] utility = new BigDecimal[2][n];
        BigDecimal[] product = new BigDecimal[n];
        for (int d = 0; d < n; d++) {
            Deal deal = deals.get(d);
            Check.unique(Check.at("deals", d, "id"), deal.id(), ids);
            utility[0][d] = BigDecimal.valueOf(Check.nonNegative(Check.at("deals", d, "first"), deal.first()));
            utility[1][d] = BigDecimal.valueOf(Check.nonNegative(Check.at("deals", d, "second"), deal.second()));
            product[d] = utility[0][d].multiply(utility[1][d]);
        }

        int[] proposal = {best(utility, 0, n), best(utility, 1, n)};
        List<Proposal> proposals = new ArrayList<>();
        while (true) {
            proposals.add(new Proposal(proposals.size() + 1, deals.get(proposal[0]).id(), deals.get(proposal[1]).id()));
            boolean firstAccepts = utility[0][proposal[1]].compareTo(utility[0][proposal[0]]) >= 0;
            boolean secondAccepts = utility[1][proposal[0]].compareTo(utility[1][proposal[1]]) >= 0;
            if (firstAccepts || secondAccepts) {
                int agreed = firstAccepts && secondAccepts ? preferred(proposal[0], proposal[1], product)
                        : firstAccepts ? proposal[1] : proposal[0];
                return outcome(deals.get(agreed).id(), proposals);
            }
            int order = product[proposal[0]].compareTo(product[proposal[1]]);
            int[] next = proposal.clone();
            boolean[] accepts = new boolean[2];
            for (int party = 0; party < 2; party++) {
                boolean concedes = party == 0 ? order <= 0 : order >= 0;
                if (concedes) {
                    int concession = concession(utility, product, party, proposal[party], proposal[1 - party], n);
                    accepts[party] = concession < 0;
                    next[party] = concession;
                }
            }
            if (accepts[0] || accepts[1]) {
                int agreed = accepts[0] && accepts[1] ? preferred(proposal[0], proposal[1], product)
                        : accepts[0] ? proposal[1] : proposal[0];
                return outcome(deals.get(agreed).id(), proposals);
            }
            proposal = next;
        }
    }

    private static ConcessionOutcome outcome(String agreement, List<Proposal> proposals) {
        return new ConcessionOutcome(agreement, proposals,
                Measurements.counts(proposals.size(), 2L * proposals.size()));
    }

    /** The deal {@code party} likes best; ties to the one better for the other party, then the first listed. */
    private static int best(BigDecimal[][] utility, int party, int n) {
        int best = 0;
        for (int d = 1; d < n; d++) {
            if (likes(utility, party, d, best)) {
                best = d;
            }
        }
        return best;
    }

    /** Whether {@code party} strictly prefers deal {@code a} to {@code b} under the tie rule. */
    private static boolean likes(BigDecimal[][] utility, int party, int a, int b) {
        int own = utility[party][a].compareTo(utility[party][b]);
        return own > 0 || own == 0 && utility[1 - party][a].compareTo(utility[1 - party][b]) > 0;
    }

    /**
     * {@code party}'s next proposal: its favourite among deals better for the other than {@code own} with a larger
     * Nash product than {@code other}; -1 when there is none and the party accepts {@code other}.
     */
    private static int concession(BigDecimal[][] utility, BigDecimal[] product, int party, int own, int other,
            int n) {
        int chosen = -1;
        for (int d = 0; d < n; d++) {
            boolean betterForOther = utility[1 - party][d].compareTo(utility[1 - party][own]) > 0;
            if (betterForOther && product[d].compareTo(product[other]) > 0
                    && (chosen < 0 || likes(utility, party, d, chosen))) {
                chosen = d;
            }
        }
        return chosen;
    }

    /** Of two proposals both parties accept: the larger Nash product, then the deal listed first. */
    private static int preferred(int a, int b, BigDecimal[] product) {
        int order = product[a].compareTo(product[b]);
        return order > 0 || order == 0 && a < b ? a : b;
    }
}
