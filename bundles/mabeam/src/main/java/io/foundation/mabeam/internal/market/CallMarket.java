package io.foundation.mabeam.internal.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.market.CallAuction;
import io.foundation.api.mabeam.market.Order;
import io.foundation.api.mabeam.market.Side;
import io.foundation.api.mabeam.market.Trade;
import io.foundation.api.mabeam.market.TradeOutcome;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Call market: all orders clear together at one price. The price maximises the executed volume
 * min(demand, supply) over all whole prices; among such prices it minimises the imbalance |demand − supply|; among
 * those, which form one range, it is the midpoint of the range, rounded down. Buy orders at or above the price execute
 * highest first, sell orders at or below it lowest first, equal prices in submission order, so only the last order
 * executed on each side may be filled partly.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + CallMarket.NAME,
        CoordinationProtocol.VERSION + "=" + CallMarket.VERSION,
        CoordinationProtocol.FAMILY + "=" + CallMarket.FAMILY })
public final class CallMarket extends Mechanism<CallAuction, TradeOutcome> {

    static final String NAME = "call-market";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "market";

    public CallMarket() {
        super(NAME, VERSION, FAMILY, CallAuction.class);
    }

    @Override
    protected TradeOutcome decide(CallAuction problem) {
        List<Order> orders = Check.nonEmpty("orders", problem.orders());
        Set<String> ids = new HashSet<>();
        long totalValue = 0;
        for (int i = 0; i < orders.size(); i++) {
            totalValue = Check.add("orders", totalValue, Orders.check(Check.at("orders", i), orders.get(i), ids));
        }

        Long price = clearingPrice(orders);
        long[] quantities = orders.stream().mapToLong(Order::quantity).toArray();
        long optimum = Orders.maxGains(orders, quantities);
        long messages = 2L * orders.size();
        if (price == null) {
            return new TradeOutcome(List.of(), resting(orders, quantities, Side.BID),
                    resting(orders, quantities, Side.ASK), List.of(), null,
                    new Measurements(0L, null, optimum == 0 ? null : Fraction.ZERO, 1, messages));
        }
        List<Integer> buys = executable(orders, Side.BID, price);
        List<Integer> sells = executable(orders, Side.ASK, price);
        long[] left = quantities.clone();
        List<Trade> trades = new ArrayList<>();
        long welfare = 0;
        int b = 0;
        int s = 0;
        while (b < buys.size() && s < sells.size()) {
            Order buy = orders.get(buys.get(b));
            Order sell = orders.get(sells.get(s));
            long units = Math.min(left[buys.get(b)], left[sells.get(s)]);
            trades.add(new Trade(trades.size() + 1, buy.id(), sell.id(), buy.trader(), sell.trader(), price, units));
            welfare += (buy.price() - sell.price()) * units;
            left[buys.get(b)] -= units;
            left[sells.get(s)] -= units;
            if (left[buys.get(b)] == 0) {
                b++;
            }
            if (left[sells.get(s)] == 0) {
                s++;
            }
        }
        return new TradeOutcome(trades, resting(orders, left, Side.BID), resting(orders, left, Side.ASK), List.of(),
                price, new Measurements(welfare, null, optimum == 0 ? null : Fraction.of(welfare, optimum), 1,
                        messages + 2L * trades.size()));
    }

    /**
     * The clearing price, or {@code null} when no price executes any volume. Demand and supply only change at order
     * prices, so the search visits each order price and each open gap between two consecutive ones as a segment of
     * equal demand and supply; the best prices form one run of segments, whose integer midpoint is returned.
     */
    static Long clearingPrice(List<Order> orders) {
        long[] bidPrices = prices(orders, Side.BID);
        long[] bidQuantities = quantities(orders, Side.BID);
        long[] askPrices = prices(orders, Side.ASK);
        long[] askQuantities = quantities(orders, Side.ASK);
        TreeSet<Long> points = new TreeSet<>();
        for (Order order : orders) {
            points.add(order.price());
        }
        List<long[]> segments = new ArrayList<>();
        Long previous = null;
        for (long price : points) {
            if (previous != null && price - previous > 1) {
                segments.add(new long[] {previous + 1, price - 1});
            }
            segments.add(new long[] {price, price});
            previous = price;
        }
        long demand = LongStream.of(bidQuantities).sum();
        long supply = 0;
        int belowPrice = 0;
        int atOrBelowPrice = 0;
        long bestVolume = 0;
        long bestImbalance = Long.MAX_VALUE;
        long low = 0;
        long high = 0;
        for (long[] segment : segments) {
            long price = segment[0];
            while (belowPrice < bidPrices.length && bidPrices[belowPrice] < price) {
                demand -= bidQuantities[belowPrice++];
            }
            while (atOrBelowPrice < askPrices.length && askPrices[atOrBelowPrice] <= price) {
                supply += askQuantities[atOrBelowPrice++];
            }
            long volume = Math.min(demand, supply);
            long imbalance = Math.abs(demand - supply);
            if (volume > bestVolume || volume == bestVolume && volume > 0 && imbalance < bestImbalance) {
                bestVolume = volume;
                bestImbalance = imbalance;
                low = segment[0];
                high = segment[1];
            } else if (volume == bestVolume && volume > 0 && imbalance == bestImbalance) {
                high = segment[1];
            }
        }
        return bestVolume == 0 ? null : low + (high - low) / 2;
    }

    /** Prices of one side, ascending. */
    private static long[] prices(List<Order> orders, Side side) {
        return orders.stream().filter(o -> o.side() == side).sorted(Comparator.comparingLong(Order::price))
                .mapToLong(Order::price).toArray();
    }

    /** Quantities of one side, in the order of {@link #prices}. */
    private static long[] quantities(List<Order> orders, Side side) {
        return orders.stream().filter(o -> o.side() == side).sorted(Comparator.comparingLong(Order::price))
                .mapToLong(Order::quantity).toArray();
    }

    private static List<Integer> executable(List<Order> orders, Side side, long price) {
        Comparator<Integer> byPrice = Comparator.comparingLong(i -> orders.get(i).price());
        return IntStream.range(0, orders.size()).boxed()
                .filter(i -> orders.get(i).side() == side
                        && (side == Side.BID ? orders.get(i).price() >= price : orders.get(i).price() <= price))
                .sorted((side == Side.BID ? byPrice.reversed() : byPrice).thenComparingInt(i -> i))
                .toList();
    }

    private static List<Order> resting(List<Order> orders, long[] left, Side side) {
        Comparator<Integer> byPrice = Comparator.comparingLong(i -> orders.get(i).price());
        return IntStream.range(0, orders.size()).boxed()
                .filter(i -> orders.get(i).side() == side && left[i] > 0)
                .sorted((side == Side.BID ? byPrice.reversed() : byPrice).thenComparingInt(i -> i))
                .map(i -> orders.get(i).withQuantity(left[i]))
                .toList();
    }
}
