package io.foundation.mabeam.oracle;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.market.Order;
import io.foundation.api.mabeam.market.Side;
import io.foundation.api.mabeam.market.Trade;

/** A deliberately naive book: scans every resting order for the best price, then the earliest arrival. */
public final class ReferenceBook {
    private final List<Order> resting = new ArrayList<>();
    private final List<Long> left = new ArrayList<>();
    private long trades;

    public List<Trade> submit(Order order) {
        List<Trade> done = new ArrayList<>();
        long remaining = order.quantity();
        while (remaining > 0) {
            int best = -1;
            for (int i = 0; i < resting.size(); i++) {
                Order other = resting.get(i);
                if (other.side() == order.side()) {
                    continue;
                }
                boolean crosses = order.side() == Side.BID ? other.price() <= order.price()
                        : other.price() >= order.price();
                boolean better = best < 0 || (order.side() == Side.BID ? other.price() < resting.get(best).price()
                        : other.price() > resting.get(best).price());
                if (crosses && better) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            long units = Math.min(remaining, left.get(best));
            Order other = resting.get(best);
            Order buy = order.side() == Side.BID ? order : other;
            Order sell = order.side() == Side.BID ? other : order;
            done.add(new Trade(++trades, buy.id(), sell.id(), buy.trader(), sell.trader(), other.price(), units));
            remaining -= units;
            left.set(best, left.get(best) - units);
            if (left.get(best) == 0) {
                resting.remove(best);
                left.remove(best);
            }
        }
        if (remaining > 0) {
            resting.add(order);
            left.add(remaining);
        }
        return done;
    }

    public void cancel(String id) {
        for (int i = 0; i < resting.size(); i++) {
            if (resting.get(i).id().equals(id)) {
                resting.remove(i);
                left.remove(i);
                return;
            }
        }
    }

    public List<Order> side(Side side) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < resting.size(); i++) {
            if (resting.get(i).side() == side) {
                orders.add(resting.get(i).withQuantity(left.get(i)));
            }
        }
        orders.sort((a, b) -> side == Side.BID ? Long.compare(b.price(), a.price())
                : Long.compare(a.price(), b.price()));
        return orders;
    }
}
