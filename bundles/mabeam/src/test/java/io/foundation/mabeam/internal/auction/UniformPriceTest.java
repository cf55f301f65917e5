package io.foundation.mabeam.internal.auction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.auction.Allocation;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.MultiUnitAuction;
import io.foundation.api.mabeam.auction.UniformPricing;
import io.foundation.api.mabeam.auction.UnitBid;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UniformPriceTest {

    private final UniformPrice auction = new UniformPrice();

    @Provide
    Arbitrary<List<UnitBid>> bids() {
        Arbitrary<long[]> bid = Combinators.combine(Arbitraries.longs().between(0, 100),
                Arbitraries.longs().between(1, 8)).as((price, quantity) -> new long[] {price, quantity});
        return bid.list().ofMinSize(1).ofMaxSize(8).map(raw -> {
            List<UnitBid> bids = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                bids.add(new UnitBid("b" + i, raw.get(i)[0], raw.get(i)[1]));
            }
            return bids;
        });
    }

    private record Unit(int bid, long price) {
    }

    @Property
    void matchesTheUnitByUnitOracle(@ForAll("bids") List<UnitBid> bids,
            @ForAll @LongRange(min = 1, max = 40) long units,
            @ForAll @LongRange(max = 60) long reserve, @ForAll UniformPricing pricing) {
        List<Unit> all = new ArrayList<>();
        for (int i = 0; i < bids.size(); i++) {
            for (long q = 0; q < bids.get(i).quantity(); q++) {
                all.add(new Unit(i, bids.get(i).unitPrice()));
            }
        }
        all.sort(Comparator.comparingLong((Unit u) -> -u.price()).thenComparingInt(Unit::bid));
        long[] expected = new long[bids.size()];
        int accepted = 0;
        while (accepted < all.size() && accepted < units && all.get(accepted).price() >= reserve) {
            expected[all.get(accepted).bid()]++;
            accepted++;
        }
        AuctionOutcome outcome = auction.run(new MultiUnitAuction("bond", units, bids, reserve, pricing));
        long[] actual = new long[bids.size()];
        for (Allocation allocation : outcome.allocations()) {
            actual[Integer.parseInt(allocation.bidder().substring(1))] = allocation.quantity();
        }
        assertThat(actual).containsExactly(expected);
        if (accepted == 0) {
            assertThat(outcome.price()).isNull();
            return;
        }
        long expectedPrice = pricing == UniformPricing.LOWEST_ACCEPTED ? all.get(accepted - 1).price()
                : Math.max(reserve, accepted < all.size() ? all.get(accepted).price() : 0);
        assertThat(outcome.price()).isEqualTo(expectedPrice);
        for (int i = 0; i < outcome.payments().size(); i++) {
            assertThat(outcome.payments().get(i).amount())
                    .isEqualTo(outcome.allocations().get(i).quantity() * expectedPrice);
        }
        long sold = outcome.allocations().stream().mapToLong(Allocation::quantity).sum();
        assertThat(outcome.measurements().revenue()).isEqualTo(sold * expectedPrice);
        assertThat(sold).isLessThanOrEqualTo(units);
        if (reserve == 0) {
            assertThat(outcome.measurements().efficiency()).isIn(null, io.foundation.api.mabeam.Fraction.ONE);
        }
    }

    @Test
    void zeroQuantityIsRejected() {
        assertThatThrownBy(() -> auction.run(new MultiUnitAuction("bond", 3,
                List.of(new UnitBid("a", 5, 1), new UnitBid("b", 5, 0)), 0, null)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids[1].quantity:");
        assertThatThrownBy(() -> auction.run(new MultiUnitAuction("bond", 0, List.of(new UnitBid("a", 5, 1)), 0,
                null))).isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("units:");
    }
}
