package io.foundation.mabeam.internal.auction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.Bid;
import io.foundation.api.mabeam.auction.DutchAuction;
import io.foundation.api.mabeam.auction.EnglishAuction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ClockAuctionTest {

    private final English english = new English();
    private final Dutch dutch = new Dutch();

    @Provide
    Arbitrary<List<Long>> values() {
        return Arbitraries.longs().between(0, 2_000).list().ofMinSize(1).ofMaxSize(10);
    }

    @Property
    void englishEndsWithTheHighestValueAtAboutTheSecondValuePlusOneIncrement(@ForAll("values") List<Long> values,
            @ForAll @LongRange(max = 500) long start, @ForAll @LongRange(min = 1, max = 50) long increment) {
        AuctionOutcome outcome = english.run(
                new EnglishAuction("lot", SealedBidTest.bids(values), start, increment, 0));
        List<Long> clock = outcome.clock();
        for (int i = 1; i < clock.size(); i++) {
            assertThat(clock.get(i)).isEqualTo(clock.get(i - 1) + increment);
        }
        assertThat(clock.get(0)).isEqualTo(start);
        long highest = values.stream().mapToLong(Long::longValue).max().orElseThrow();
        if (highest < start) {
            assertThat(outcome.allocations()).isEmpty();
            return;
        }
        String winner = outcome.allocations().get(0).bidder();
        long winnerValue = values.get(Integer.parseInt(winner.substring(1)));
        long price = outcome.price();
        assertThat(price).isBetween(start, winnerValue);
        assertThat(winnerValue).isGreaterThan(highest - increment);
        if (values.size() == 1 || values.stream().filter(v -> v >= start).count() == 1) {
            assertThat(winnerValue).isEqualTo(highest);
            assertThat(price).isEqualTo(start);
            return;
        }
        long second = values.stream().sorted((a, b) -> Long.compare(b, a)).skip(1).findFirst().orElseThrow();
        long firstClockAboveSecond = start + ((second - start) / increment + 1) * increment;
        if (firstClockAboveSecond <= highest) {
            assertThat(winnerValue).isEqualTo(highest);
            assertThat(price).isEqualTo(firstClockAboveSecond);
            assertThat(price).isGreaterThan(second).isLessThanOrEqualTo(second + increment);
        } else {
            assertThat(price).isLessThanOrEqualTo(second).isGreaterThan(second - increment);
        }
    }

    @Property
    void dutchClockStrictlyDescendsAndTheFirstAcceptanceWinsAtTheClockPrice(@ForAll("values") List<Long> limits,
            @ForAll @LongRange(min = 0, max = 500) long floor, @ForAll @LongRange(min = 0, max = 2_500) long above,
            @ForAll @LongRange(min = 1, max = 50) long decrement) {
        long start = floor + above;
        AuctionOutcome outcome = dutch.run(
                new DutchAuction("lot", SealedBidTest.bids(limits), start, decrement, floor, 0));
        List<Long> clock = outcome.clock();
        assertThat(clock.get(0)).isEqualTo(start);
        for (int i = 1; i < clock.size(); i++) {
            assertThat(clock.get(i)).isLessThan(clock.get(i - 1)).isEqualTo(clock.get(i - 1) - decrement);
        }
        assertThat(clock).allMatch(p -> p >= floor);
        for (long earlier : clock.subList(0, clock.size() - 1)) {
            assertThat(limits).allMatch(limit -> limit < earlier);
        }
        long last = clock.get(clock.size() - 1);
        int firstAcceptor = -1;
        for (int i = 0; i < limits.size(); i++) {
            if (limits.get(i) >= last) {
                firstAcceptor = i;
                break;
            }
        }
        if (firstAcceptor < 0) {
            assertThat(outcome.allocations()).isEmpty();
            assertThat(last - decrement).isLessThan(floor);
        } else {
            assertThat(outcome.allocations().get(0).bidder()).isEqualTo("b" + firstAcceptor);
            assertThat(outcome.price()).isEqualTo(last);
        }
    }

    @Test
    void englishExample() {
        AuctionOutcome outcome = english.run(new EnglishAuction("vase",
                List.of(new Bid("ann", 120), new Bid("bob", 95), new Bid("cy", 60)), 50, 10, 0));
        assertThat(outcome.allocations().get(0).bidder()).isEqualTo("ann");
        assertThat(outcome.price()).isEqualTo(100);
        assertThat(outcome.clock()).containsExactly(50L, 60L, 70L, 80L, 90L, 100L);
    }

    @Test
    void clocksThatWouldRunTooLongAreRejectedBeforeStarting() {
        assertThatThrownBy(() -> english.run(new EnglishAuction("lot",
                List.of(new Bid("a", Long.MAX_VALUE / 2), new Bid("b", Long.MAX_VALUE / 2)), 0, 1, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("maxRounds:");
        assertThatThrownBy(() -> english.run(new EnglishAuction("lot", List.of(new Bid("a", 5)), 0, 0, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("increment:");
        assertThatThrownBy(() -> dutch.run(new DutchAuction("lot", List.of(new Bid("a", 5)), 10, 1, 20, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("floorPrice:");
        assertThatThrownBy(() -> dutch.run(new DutchAuction("lot", List.of(new Bid("a", 5)), 1000, 1, 0, 10)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("maxRounds:");
    }
}
