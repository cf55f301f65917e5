package io.foundation.mabeam.internal.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.market.CallAuction;
import io.foundation.api.mabeam.market.Order;
import io.foundation.api.mabeam.market.Side;
import io.foundation.api.mabeam.market.Trade;
import io.foundation.api.mabeam.market.TradeOutcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CallMarketTest {

    private final CallMarket market = new CallMarket();

    @Provide
    Arbitrary<List<Order>> orders() {
        Arbitrary<long[]> raw = Arbitraries.longs().between(0, 1_000_000).array(long[].class).ofSize(3);
        return raw.list().ofMinSize(1).ofMaxSize(30).map(rows -> {
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                long[] row = rows.get(i);
                orders.add(new Order("o" + i, "t" + i, row[0] % 2 == 0 ? Side.BID : Side.ASK, 40 + row[1] % 21,
                        1 + row[2] % 9));
            }
            return orders;
        });
    }

    private static long demand(List<Order> orders, long price) {
        return orders.stream().filter(o -> o.side() == Side.BID && o.price() >= price).mapToLong(Order::quantity)
                .sum();
    }

    private static long supply(List<Order> orders, long price) {
        return orders.stream().filter(o -> o.side() == Side.ASK && o.price() <= price).mapToLong(Order::quantity)
                .sum();
    }

    @Property
    void volumeEqualsTheBruteForceMaximumOverAllPrices(@ForAll("orders") List<Order> orders) {
        long bestVolume = 0;
        long bestImbalance = Long.MAX_VALUE;
        for (long price = 0; price <= 100; price++) {
            long volume = Math.min(demand(orders, price), supply(orders, price));
            if (volume > bestVolume) {
                bestVolume = volume;
                bestImbalance = Long.MAX_VALUE;
            }
            if (volume == bestVolume && volume > 0) {
                bestImbalance = Math.min(bestImbalance, Math.abs(demand(orders, price) - supply(orders, price)));
            }
        }
        TradeOutcome outcome = market.run(new CallAuction(orders));
        long volume = outcome.trades().stream().mapToLong(Trade::quantity).sum();
        assertThat(volume).isEqualTo(bestVolume);
        if (bestVolume == 0) {
            assertThat(outcome.clearingPrice()).isNull();
            return;
        }
        long price = outcome.clearingPrice();
        assertThat(Math.min(demand(orders, price), supply(orders, price))).isEqualTo(bestVolume);
        assertThat(Math.abs(demand(orders, price) - supply(orders, price))).isEqualTo(bestImbalance);
        for (Trade trade : outcome.trades()) {
            assertThat(trade.price()).isEqualTo(price);
            assertThat(orders.stream().filter(o -> o.id().equals(trade.buyOrder())).findFirst().orElseThrow().price())
                    .isGreaterThanOrEqualTo(price);
            assertThat(orders.stream().filter(o -> o.id().equals(trade.sellOrder())).findFirst().orElseThrow().price())
                    .isLessThanOrEqualTo(price);
        }
        Fraction efficiency = outcome.measurements().efficiency();
        assertThat(efficiency).isIn(null, Fraction.ONE);
    }

    @Test
    void clearsAtTheMidpointOfEquallyGoodPrices() {
        TradeOutcome outcome = market.run(new CallAuction(List.of(new Order("b", "bob", Side.BID, 110, 10),
                new Order("s", "sue", Side.ASK, 90, 10))));
        assertThat(outcome.clearingPrice()).isEqualTo(100);
        assertThat(outcome.trades()).containsExactly(new Trade(1, "b", "s", "bob", "sue", 100, 10));
    }

    @Test
    void zeroQuantityIsRejected() {
        assertThatThrownBy(() -> market.run(new CallAuction(List.of(new Order("b", "bob", Side.BID, 110, 0)))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("orders[0].quantity:");
    }
}
