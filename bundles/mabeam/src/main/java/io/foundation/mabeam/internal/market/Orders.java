package io.foundation.mabeam.internal.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.foundation.api.mabeam.market.Order;
import io.foundation.api.mabeam.market.Side;
import io.foundation.mabeam.internal.protocol.Check;

/** Order validation and the gains-from-trade arithmetic both markets share. */
final class Orders {

    private Orders() {
    }

    /**
     * Checks one order: a new id, a trader, a side, a non-negative price and a positive quantity whose value fits in
     * a {@code long}. Returns the order's value (price × quantity).
     */
    static long check(String field, Order order, Set<String> ids) {
        Check.present(field, order);
        Check.unique(field + ".id", order.id(), ids);
        Check.name(field + ".trader", order.trader());
        Check.present(field + ".side", order.side());
        Check.nonNegative(field + ".price", order.price());
        Check.positive(field + ".quantity", order.quantity());
        return Check.multiply(field + ".quantity", order.price(), order.quantity());
    }

    /**
     * The largest gains from trade these orders allow: buy units from the highest price down matched with sell units
     * from the lowest price up while the buy price is at least the sell price. {@code quantity} gives each order's
     * available quantity, in list order.
     */
    static long maxGains(List<Order> orders, long[] quantity) {
        List<Integer> bids = new ArrayList<>();
        List<Integer> asks = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            if (quantity[i] > 0) {
                (orders.get(i).side() == Side.BID ? bids : asks).add(i);
            }
        }
        bids.sort(Comparator.comparingLong((Integer i) -> -orders.get(i).price()));
        asks.sort(Comparator.comparingLong((Integer i) -> orders.get(i).price()));
        long[] left = quantity.clone();
        long gains = 0;
        int b = 0;
        int a = 0;
        while (b < bids.size() && a < asks.size()) {
            Order bid = orders.get(bids.get(b));
            Order ask = orders.get(asks.get(a));
            if (bid.price() < ask.price()) {
                break;
            }
            long units = Math.min(left[bids.get(b)], left[asks.get(a)]);
            gains += (bid.price() - ask.price()) * units;
            left[bids.get(b)] -= units;
            left[asks.get(a)] -= units;
            if (left[bids.get(b)] == 0) {
                b++;
            }
            if (left[asks.get(a)] == 0) {
                a++;
            }
        }
        return gains;
    }
}
