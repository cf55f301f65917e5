package io.foundation.mabeam.internal.auction;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.DutchAuction;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Dutch auction on a descending clock. Each round the auctioneer announces a price, strictly lower than the last;
 * every proxy whose limit is at least the price accepts. The first round with an acceptance ends the auction: the
 * acceptor listed first (submission order breaks the tie between simultaneous acceptances) wins at that price. No
 * acceptance down to the floor price means no sale.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Dutch.NAME,
        CoordinationProtocol.VERSION + "=" + Dutch.VERSION,
        CoordinationProtocol.FAMILY + "=" + Dutch.FAMILY })
public final class Dutch extends Mechanism<DutchAuction, AuctionOutcome> {

    static final String NAME = "dutch";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "auction";

    public Dutch() {
        super(NAME, VERSION, FAMILY, DutchAuction.class);
    }

    @Override
    protected AuctionOutcome decide(DutchAuction problem) {
        SingleItemBids bidders = SingleItemBids.check(problem.item(), "limits", problem.limits());
        long start = Check.nonNegative("startPrice", problem.startPrice());
        long decrement = Check.positive("decrement", problem.decrement());
        long floor = Check.nonNegative("floorPrice", problem.floorPrice());
        if (floor > start) {
            throw Check.invalid("floorPrice", "above startPrice " + start);
        }
        long maxRounds = ClockLimit.maxRounds(problem.maxRounds());
        long highestLimit = bidders.maxAmount();
        long acceptanceTick = highestLimit >= start ? 0 : (start - highestLimit + decrement - 1) / decrement;
        ClockLimit.require(Math.min((start - floor) / decrement, acceptanceTick) + 1, maxRounds);

        List<Long> clock = new ArrayList<>();
        long messages = 0;
        int winner = -1;
        for (long price = start; price >= floor; price -= decrement) {
            clock.add(price);
            messages += bidders.size();
            for (int i = 0; i < bidders.size(); i++) {
                if (bidders.amounts[i] >= price) {
                    messages++;
                    if (winner < 0) {
                        winner = i;
                    }
                }
            }
            if (winner >= 0 || price - floor < decrement) {
                break;
            }
        }
        long price = winner < 0 ? 0 : clock.get(clock.size() - 1);
        return bidders.outcome(winner, price, clock, clock.size(), messages + bidders.size());
    }
}
