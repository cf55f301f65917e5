package io.foundation.mabeam.internal.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.market.Cancellation;
import io.foundation.api.mabeam.market.ContinuousDoubleAuction;
import io.foundation.api.mabeam.market.Order;
import io.foundation.api.mabeam.market.OrderAction;
import io.foundation.api.mabeam.market.OrderEvent;
import io.foundation.api.mabeam.market.Trade;
import io.foundation.api.mabeam.market.TradeOutcome;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Continuous double auction: events reach a limit order book one at a time, in list order. Every event is validated
 * before the first one is processed, so a bad event late in the stream changes nothing.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + ContinuousDouble.NAME,
        CoordinationProtocol.VERSION + "=" + ContinuousDouble.VERSION,
        CoordinationProtocol.FAMILY + "=" + ContinuousDouble.FAMILY })
public final class ContinuousDouble extends Mechanism<ContinuousDoubleAuction, TradeOutcome> {

    static final String NAME = "continuous-double-auction";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "market";

    public ContinuousDouble() {
        super(NAME, VERSION, FAMILY, ContinuousDoubleAuction.class);
    }

    @Override
    protected TradeOutcome decide(ContinuousDoubleAuction problem) {
        List<OrderEvent> events = Check.nonEmpty("events", problem.events());
        Set<String> ids = new HashSet<>();
        long totalValue = 0;
        for (int i = 0; i < events.size(); i++) {
            OrderEvent event = events.get(i);
            OrderAction action = Check.present(Check.at("events", i, "action"), event.action());
            if (action == OrderAction.SUBMIT) {
                totalValue = Check.add("events", totalValue, Orders.check(Check.at("events", i, "order"),
                        event.order(), ids));
            } else {
                String id = Check.name(Check.at("events", i, "orderId"), event.orderId());
                if (!ids.contains(id)) {
                    throw Check.invalid(Check.at("events", i, "orderId"), "no earlier order \"" + id + "\"");
                }
            }
        }

        OrderBook book = new OrderBook();
        List<Trade> trades = new ArrayList<>();
        List<Cancellation> cancellations = new ArrayList<>();
        List<Order> submitted = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        List<Long> available = new ArrayList<>();
        for (OrderEvent event : events) {
            if (event.action() == OrderAction.SUBMIT) {
                index.put(event.order().id(), submitted.size());
                submitted.add(event.order());
                available.add(event.order().quantity());
                trades.addAll(book.submit(event.order()));
            } else {
                long removed = book.cancel(event.orderId());
                int at = index.get(event.orderId());
                available.set(at, available.get(at) - removed);
                cancellations.add(new Cancellation(event.orderId(), removed));
            }
        }
        long welfare = 0;
        for (Trade trade : trades) {
            long buyLimit = submitted.get(index.get(trade.buyOrder())).price();
            long sellLimit = submitted.get(index.get(trade.sellOrder())).price();
            welfare += (buyLimit - sellLimit) * trade.quantity();
        }
        long optimum = Orders.maxGains(submitted, available.stream().mapToLong(Long::longValue).toArray());
        return new TradeOutcome(trades, book.bids(), book.asks(), cancellations, null,
                new Measurements(welfare, null, optimum == 0 ? null : Fraction.of(welfare, optimum), events.size(),
                        events.size() + 2L * trades.size()));
    }
}
