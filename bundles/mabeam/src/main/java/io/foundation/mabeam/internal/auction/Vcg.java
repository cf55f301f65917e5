package io.foundation.mabeam.internal.auction;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.auction.Allocation;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.CombinatorialAuction;
import io.foundation.api.mabeam.auction.Payment;
import io.foundation.api.mabeam.auction.SearchBound;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Vickrey–Clarke–Groves auction over bundle bids with Clarke pivot payments. The allocation maximises welfare
 * exactly (same rule and tie-breaking as {@code combinatorial}); each winner pays the welfare the others would reach
 * without it minus the welfare the others get in the chosen allocation. Payments lie between 0 and the winner's bid;
 * for a single item VCG is the Vickrey auction without reserve.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Vcg.NAME,
        CoordinationProtocol.VERSION + "=" + Vcg.VERSION,
        CoordinationProtocol.FAMILY + "=" + Vcg.FAMILY })
public final class Vcg extends Mechanism<CombinatorialAuction, AuctionOutcome> {

    static final String NAME = "vcg";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "auction";

    public Vcg() {
        super(NAME, VERSION, FAMILY, CombinatorialAuction.class);
    }

    @Override
    protected AuctionOutcome decide(CombinatorialAuction problem) {
        BundleBids bids = BundleBids.check(problem);
        if (bids.limited()) {
            throw Check.invalid("limit", "VCG payments need exact winner determination; remove the limit");
        }
        WinnerDetermination.Result result = WinnerDetermination.solve(bids);
        long nodes = result.nodes();
        List<Allocation> allocations = new ArrayList<>();
        List<Payment> payments = new ArrayList<>();
        long revenue = 0;
        for (int winner : result.winners()) {
            WinnerDetermination.Result without = WinnerDetermination.solve(bids, bids.bidder[winner]);
            nodes += without.nodes();
            long othersNow = result.welfare() - bids.amount[winner];
            long payment = without.welfare() - othersNow;
            String bidder = bids.bids.get(winner).bidder();
            allocations.add(new Allocation(bidder, bids.itemNames(winner), 1, bids.amount[winner]));
            payments.add(new Payment(bidder, payment));
            revenue += payment;
        }
        return new AuctionOutcome(allocations, payments, null, List.of(),
                new SearchBound(true, result.welfare(), 0, nodes),
                new Measurements(result.welfare(), revenue, Combinatorial.efficiency(result), 1,
                        bids.size() + 2L * bids.bidderCount));
    }
}
