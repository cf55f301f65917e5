package io.foundation.mabeam.internal.auction;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.auction.Allocation;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.CombinatorialAuction;
import io.foundation.api.mabeam.auction.Payment;
import io.foundation.api.mabeam.auction.SearchBound;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Combinatorial first-price auction: the welfare-maximising set of disjoint bundle bids, at most one per bidder, wins
 * and each winner pays its bid. Exact by default; with a search limit it reports the gap to its upper bound.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Combinatorial.NAME,
        CoordinationProtocol.VERSION + "=" + Combinatorial.VERSION,
        CoordinationProtocol.FAMILY + "=" + Combinatorial.FAMILY })
public final class Combinatorial extends Mechanism<CombinatorialAuction, AuctionOutcome> {

    static final String NAME = "combinatorial";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "auction";

    public Combinatorial() {
        super(NAME, VERSION, FAMILY, CombinatorialAuction.class);
    }

    @Override
    protected AuctionOutcome decide(CombinatorialAuction problem) {
        BundleBids bids = BundleBids.check(problem);
        WinnerDetermination.Result result = WinnerDetermination.solve(bids);
        List<Allocation> allocations = new ArrayList<>();
        List<Payment> payments = new ArrayList<>();
        for (int winner : result.winners()) {
            String bidder = bids.bids.get(winner).bidder();
            allocations.add(new Allocation(bidder, bids.itemNames(winner), 1, bids.amount[winner]));
            payments.add(new Payment(bidder, bids.amount[winner]));
        }
        return new AuctionOutcome(allocations, payments, null, List.of(), bound(result),
                new Measurements(result.welfare(), result.welfare(), efficiency(result), 1,
                        bids.size() + 2L * bids.bidderCount));
    }

    static SearchBound bound(WinnerDetermination.Result result) {
        return new SearchBound(result.optimal(), result.upperBound(), result.upperBound() - result.welfare(),
                result.nodes());
    }

    /** 1 when the allocation is proven optimal (and the optimum is positive); unknown otherwise. */
    static Fraction efficiency(WinnerDetermination.Result result) {
        return result.optimal() && result.welfare() > 0 ? Fraction.ONE : null;
    }
}
