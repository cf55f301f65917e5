package io.foundation.mabeam.internal.market;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.foundation.api.mabeam.market.Order;
import io.foundation.api.mabeam.market.Side;
import io.foundation.api.mabeam.market.Trade;

/**
 * A limit order book with price-time priority. An incoming order trades against the best opposite price level,
 * oldest order first, at the resting order's price, for as long as the prices cross; what is left rests at its limit
 * price behind the orders already there. The book is never crossed between calls. No self-trade prevention.
 */
final class OrderBook {

    private static final class Resting {
        final Order order;
        long remaining;

        Resting(Order order) {
            this.order = order;
            this.remaining = order.quantity();
        }
    }

    private final NavigableMap<Long, ArrayDeque<Resting>> bids = new TreeMap<>(Comparator.reverseOrder());
    private final NavigableMap<Long, ArrayDeque<Resting>> asks = new TreeMap<>();
    private final Map<String, Resting> resting = new HashMap<>();
    private long trades;

    /** Matches {@code order} against the book, rests what is left, and returns the trades in order. */
    List<Trade> submit(Order order) {
        boolean buying = order.side() == Side.BID;
        NavigableMap<Long, ArrayDeque<Resting>> opposite = buying ? asks : bids;
        List<Trade> done = new ArrayList<>();
        long left = order.quantity();
        while (left > 0 && !opposite.isEmpty()) {
            Map.Entry<Long, ArrayDeque<Resting>> best = opposite.firstEntry();
            long price = best.getKey();
            if (buying ? price > order.price() : price < order.price()) {
                break;
            }
            ArrayDeque<Resting> level = best.getValue();
            Resting head = level.peekFirst();
            long units = Math.min(left, head.remaining);
            left -= units;
            head.remaining -= units;
            Order buy = buying ? order : head.order;
            Order sell = buying ? head.order : order;
            done.add(new Trade(++trades, buy.id(), sell.id(), buy.trader(), sell.trader(), price, units));
            if (head.remaining == 0) {
                level.pollFirst();
                resting.remove(head.order.id());
                if (level.isEmpty()) {
                    opposite.pollFirstEntry();
                }
            }
        }
        if (left > 0) {
            Resting rest = new Resting(order);
            rest.remaining = left;
            (buying ? bids : asks).computeIfAbsent(order.price(), p -> new ArrayDeque<>()).addLast(rest);
            resting.put(order.id(), rest);
        }
        return done;
    }

    /** Takes what is left of order {@code id} off the book and returns that quantity; 0 if nothing is left. */
    long cancel(String id) {
        Resting rest = resting.remove(id);
        if (rest == null) {
            return 0;
        }
        NavigableMap<Long, ArrayDeque<Resting>> side = rest.order.side() == Side.BID ? bids : asks;
        ArrayDeque<Resting> level = side.get(rest.order.price());
        level.remove(rest);
        if (level.isEmpty()) {
            side.remove(rest.order.price());
        }
        return rest.remaining;
    }

    /** Resting buy orders with their remaining quantity, best first. */
    List<Order> bids() {
        return snapshot(bids);
    }

    /** Resting sell orders with their remaining quantity, best first. */
    List<Order> asks() {
        return snapshot(asks);
    }

    private static List<Order> snapshot(NavigableMap<Long, ArrayDeque<Resting>> side) {
        List<Order> orders = new ArrayList<>();
        for (ArrayDeque<Resting> level : side.values()) {
            for (Resting rest : level) {
                orders.add(rest.order.withQuantity(rest.remaining));
            }
        }
        return orders;
    }
}
