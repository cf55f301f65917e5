package io.foundation.mabeam.internal.auction;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.EnglishAuction;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * English auction on an ascending clock with proxy bidders. Each round the auctioneer announces the clock price to the
 * bidders still in; a proxy stays in while the price is at most its private value. When exactly one bidder stays in,
 * it wins at that price. When the last bidders all drop out at the same price, the earliest of them (submission
 * order) wins at the previous price, the last one they all accepted. With values further apart than one increment,
 * the highest-value bidder wins at the first clock price above the second-highest value.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + English.NAME,
        CoordinationProtocol.VERSION + "=" + English.VERSION,
        CoordinationProtocol.FAMILY + "=" + English.FAMILY })
public final class English extends Mechanism<EnglishAuction, AuctionOutcome> {

    static final String NAME = "english";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "auction";

    public English() {
        super(NAME, VERSION, FAMILY, EnglishAuction.class);
    }

    @Override
    protected AuctionOutcome decide(EnglishAuction problem) {
        SingleItemBids bidders = SingleItemBids.check(problem.item(), "values", problem.values());
        long start = Check.nonNegative("startPrice", problem.startPrice());
        long increment = Check.positive("increment", problem.increment());
        long maxRounds = ClockLimit.maxRounds(problem.maxRounds());
        long second = secondHighest(bidders.amounts);
        Check.add("increment", second, increment);
        ClockLimit.require(second >= start ? (second - start) / increment + 2 : 1, maxRounds);

        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < bidders.size(); i++) {
            active.add(i);
        }
        List<Long> clock = new ArrayList<>();
        long messages = 0;
        int winner = -1;
        long price = 0;
        for (long round = 0;; round++) {
            long clockPrice = start + round * increment;
            clock.add(clockPrice);
            messages += 2L * active.size();
            List<Integer> staying = active.stream().filter(i -> bidders.amounts[i] >= clockPrice).toList();
            if (staying.size() == 1) {
                winner = staying.get(0);
                price = clockPrice;
                break;
            }
            if (staying.isEmpty()) {
                if (clock.size() > 1) {
                    winner = active.get(0);
                    price = clockPrice - increment;
                }
                break;
            }
            active = staying;
        }
        return bidders.outcome(winner, price, clock, clock.size(), messages + bidders.size());
    }

    private static long secondHighest(long[] values) {
        long first = -1;
        long second = -1;
        for (long value : values) {
            if (value > first) {
                second = first;
                first = value;
            } else if (value > second) {
                second = value;
            }
        }
        return second;
    }
}
