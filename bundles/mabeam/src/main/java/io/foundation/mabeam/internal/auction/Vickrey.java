package io.foundation.mabeam.internal.auction;

import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.SealedBidAuction;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Sealed-bid second-price (Vickrey) auction: the highest bid at or above the reserve wins and pays the larger of the
 * reserve and the highest other bid, which makes bidding one's value a dominant strategy.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Vickrey.NAME,
        CoordinationProtocol.VERSION + "=" + Vickrey.VERSION,
        CoordinationProtocol.FAMILY + "=" + Vickrey.FAMILY })
public final class Vickrey extends Mechanism<SealedBidAuction, AuctionOutcome> {

    static final String NAME = "vickrey";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "auction";

    public Vickrey() {
        super(NAME, VERSION, FAMILY, SealedBidAuction.class);
    }

    @Override
    protected AuctionOutcome decide(SealedBidAuction problem) {
        SingleItemBids bids = SingleItemBids.check(problem.item(), "bids", problem.bids());
        long reserve = Check.nonNegative("reservePrice", problem.reservePrice());
        int winner = bids.highest(reserve);
        long price = winner < 0 ? 0 : Math.max(reserve, bids.highestExcept(winner));
        return bids.outcome(winner, price, List.of(), 1, 3L * bids.size());
    }
}
