package io.foundation.mabeam.internal.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.market.Cancellation;
import io.foundation.api.mabeam.market.ContinuousDoubleAuction;
import io.foundation.api.mabeam.market.Order;
import io.foundation.api.mabeam.market.OrderAction;
import io.foundation.api.mabeam.market.OrderEvent;
import io.foundation.api.mabeam.market.Side;
import io.foundation.api.mabeam.market.Trade;
import io.foundation.api.mabeam.market.TradeOutcome;
import io.foundation.mabeam.oracle.ReferenceBook;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ContinuousDoubleTest {

    private final ContinuousDouble market = new ContinuousDouble();

    /** Random streams: submissions around a price of 100 and cancels of earlier orders. */
    @Provide
    Arbitrary<List<OrderEvent>> events() {
        Arbitrary<long[]> raw = Arbitraries.longs().between(0, 1_000_000).array(long[].class).ofSize(4);
        return raw.list().ofMinSize(1).ofMaxSize(60).map(rows -> {
            List<OrderEvent> events = new ArrayList<>();
            int submitted = 0;
            for (long[] row : rows) {
                if (submitted > 0 && row[0] % 5 == 0) {
                    events.add(OrderEvent.cancel("o" + row[1] % submitted));
                } else {
                    Side side = row[0] % 2 == 0 ? Side.BID : Side.ASK;
                    events.add(OrderEvent.submit(new Order("o" + submitted, "t" + row[3] % 4, side,
                            95 + row[1] % 11, 1 + row[2] % 10)));
                    submitted++;
                }
            }
            return events;
        });
    }

    @Property
    void matchesAReferenceMatcherAndConservesQuantity(@ForAll("events") List<OrderEvent> events) {
        TradeOutcome outcome = market.run(new ContinuousDoubleAuction(events));
        ReferenceBook reference = new ReferenceBook();
        List<Trade> expected = new ArrayList<>();
        for (OrderEvent event : events) {
            if (event.action() == OrderAction.SUBMIT) {
                expected.addAll(reference.submit(event.order()));
            } else {
                reference.cancel(event.orderId());
            }
        }
        assertThat(outcome.trades()).isEqualTo(expected);
        assertThat(outcome.bids()).isEqualTo(reference.side(Side.BID));
        assertThat(outcome.asks()).isEqualTo(reference.side(Side.ASK));

        Map<String, Long> accounted = new HashMap<>();
        for (Trade trade : outcome.trades()) {
            accounted.merge(trade.buyOrder(), trade.quantity(), Long::sum);
            accounted.merge(trade.sellOrder(), trade.quantity(), Long::sum);
        }
        outcome.bids().forEach(o -> accounted.merge(o.id(), o.quantity(), Long::sum));
        outcome.asks().forEach(o -> accounted.merge(o.id(), o.quantity(), Long::sum));
        for (Cancellation cancellation : outcome.cancellations()) {
            accounted.merge(cancellation.orderId(), cancellation.quantity(), Long::sum);
        }
        for (OrderEvent event : events) {
            if (event.action() == OrderAction.SUBMIT) {
                assertThat(accounted.getOrDefault(event.order().id(), 0L)).as(event.order().id())
                        .isEqualTo(event.order().quantity());
            }
        }
        Fraction efficiency = outcome.measurements().efficiency();
        if (efficiency != null) {
            assertThat(efficiency.compareTo(Fraction.ONE)).isLessThanOrEqualTo(0);
        }
    }

    @Property
    void bookIsNeverCrossedAndTradesRespectPriceTimePriority(@ForAll("events") List<OrderEvent> events) {
        OrderBook book = new OrderBook();
        Map<String, Order> orders = new HashMap<>();
        for (OrderEvent event : events) {
            if (event.action() == OrderAction.CANCEL) {
                book.cancel(event.orderId());
            } else {
                Order incoming = event.order();
                orders.put(incoming.id(), incoming);
                List<Order> before = incoming.side() == Side.BID ? book.asks() : book.bids();
                List<Trade> trades = book.submit(incoming);
                for (int i = 0; i < trades.size(); i++) {
                    Trade trade = trades.get(i);
                    String restingId = incoming.side() == Side.BID ? trade.sellOrder() : trade.buyOrder();
                    assertThat(trade.price()).isEqualTo(orders.get(restingId).price());
                    assertThat(incoming.side() == Side.BID ? trade.price() <= incoming.price()
                            : trade.price() >= incoming.price()).isTrue();
                    assertThat(before.get(i).id()).as("trade %d hits the %d-th best resting order", i, i)
                            .isEqualTo(restingId);
                }
            }
            List<Order> bids = book.bids();
            List<Order> asks = book.asks();
            if (!bids.isEmpty() && !asks.isEmpty()) {
                assertThat(bids.get(0).price()).isLessThan(asks.get(0).price());
            }
        }
    }

    @Test
    void partialFillsRestAndCancelsRemoveTheRest() {
        TradeOutcome outcome = market.run(new ContinuousDoubleAuction(List.of(
                OrderEvent.submit(new Order("s1", "sam", Side.ASK, 101, 5)),
                OrderEvent.submit(new Order("s2", "sue", Side.ASK, 100, 5)),
                OrderEvent.submit(new Order("b1", "bob", Side.BID, 101, 7)),
                OrderEvent.cancel("s1"))));
        assertThat(outcome.trades()).containsExactly(new Trade(1, "b1", "s2", "bob", "sue", 100, 5),
                new Trade(2, "b1", "s1", "bob", "sam", 101, 2));
        assertThat(outcome.cancellations()).containsExactly(new Cancellation("s1", 3));
        assertThat(outcome.bids()).isEmpty();
        assertThat(outcome.asks()).isEmpty();
    }

    @Test
    void badEventsChangeNothingAndNameTheField() {
        assertThatThrownBy(() -> market.run(new ContinuousDoubleAuction(List.of(
                OrderEvent.submit(new Order("a", "t", Side.BID, 10, 1)),
                OrderEvent.submit(new Order("b", "t", Side.ASK, 10, 0))))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("events[1].order.quantity:");
        assertThatThrownBy(() -> market.run(new ContinuousDoubleAuction(List.of(
                OrderEvent.cancel("x"), OrderEvent.submit(new Order("x", "t", Side.BID, 10, 1))))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("events[0].orderId:");
        assertThatThrownBy(() -> market.run(new ContinuousDoubleAuction(List.of(
                OrderEvent.submit(new Order("a", "t", Side.BID, 10, 1)),
                OrderEvent.submit(new Order("a", "t", Side.ASK, 10, 1))))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("events[1].order.id:");
        assertThatThrownBy(() -> market.run(new ContinuousDoubleAuction(List.of(
                OrderEvent.submit(new Order("a", "t", null, 10, 1))))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("events[0].order.side:");
        assertThatThrownBy(() -> market.run(new ContinuousDoubleAuction(List.of(
                OrderEvent.submit(new Order("a", "t", Side.ASK, -1, 1))))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("events[0].order.price:");
    }
}
