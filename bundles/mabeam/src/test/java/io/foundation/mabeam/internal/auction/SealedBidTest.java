package io.foundation.mabeam.internal.auction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.Bid;
import io.foundation.api.mabeam.auction.SealedBidAuction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SealedBidTest {

    private final Vickrey vickrey = new Vickrey();
    private final FirstPrice firstPrice = new FirstPrice();

    @Provide
    Arbitrary<List<Long>> amounts() {
        return Arbitraries.longs().between(0, 1_000).list().ofMinSize(1).ofMaxSize(12);
    }

    static List<Bid> bids(List<Long> amounts) {
        List<Bid> bids = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            bids.add(new Bid("b" + i, amounts.get(i)));
        }
        return bids;
    }

    /** Oracle: the earliest of the highest bids at or above the reserve, or -1. */
    static int highest(List<Long> amounts, long reserve) {
        int best = -1;
        for (int i = 0; i < amounts.size(); i++) {
            if (amounts.get(i) >= reserve && (best < 0 || amounts.get(i) > amounts.get(best))) {
                best = i;
            }
        }
        return best;
    }

    @Property
    void vickreyPriceIsMaxOfSecondHighestBidAndReserve(@ForAll("amounts") List<Long> amounts,
            @ForAll @LongRange(max = 1_000) long reserve) {
        AuctionOutcome outcome = vickrey.run(new SealedBidAuction("lot", bids(amounts), reserve));
        int winner = highest(amounts, reserve);
        if (winner < 0) {
            assertThat(outcome.allocations()).isEmpty();
            assertThat(outcome.price()).isNull();
            return;
        }
        List<Long> others = new ArrayList<>(amounts);
        others.remove(winner);
        long secondHighest = others.stream().mapToLong(Long::longValue).max().orElse(0);
        assertThat(outcome.allocations()).singleElement().extracting(a -> a.bidder()).isEqualTo("b" + winner);
        assertThat(outcome.price()).isEqualTo(Math.max(secondHighest, reserve));
        assertThat(outcome.payments()).singleElement().extracting(p -> p.amount()).isEqualTo(outcome.price());
        assertThat(outcome.measurements().revenue()).isEqualTo(outcome.price());
    }

    @Property
    void truthfulBiddingIsDominantInVickrey(@ForAll("amounts") List<Long> others,
            @ForAll @LongRange(max = 1_000) long value, @ForAll @LongRange(max = 1_200) long deviation,
            @ForAll @LongRange(max = 1_000) long reserve) {
        assertThat(utility(others, value, deviation, reserve))
                .isLessThanOrEqualTo(utility(others, value, value, reserve));
    }

    /** The utility of bidder "me" (listed first, so it wins ties) with {@code value} bidding {@code bid}. */
    private long utility(List<Long> others, long value, long bid, long reserve) {
        List<Bid> bids = new ArrayList<>(bids(others));
        bids.add(0, new Bid("me", bid));
        AuctionOutcome outcome = vickrey.run(new SealedBidAuction("lot", bids, reserve));
        return outcome.allocations().stream().anyMatch(a -> a.bidder().equals("me")) ? value - outcome.price() : 0;
    }

    @Property
    void truthfulBiddingIsDominantAlsoWhenLosingTies(@ForAll("amounts") List<Long> others,
            @ForAll @LongRange(max = 1_000) long value, @ForAll @LongRange(max = 1_200) long deviation) {
        List<Bid> truthful = new ArrayList<>(bids(others));
        truthful.add(new Bid("me", value));
        List<Bid> deviating = new ArrayList<>(bids(others));
        deviating.add(new Bid("me", deviation));
        assertThat(lastUtility(deviating, value)).isLessThanOrEqualTo(lastUtility(truthful, value));
    }

    private long lastUtility(List<Bid> bids, long value) {
        AuctionOutcome outcome = vickrey.run(new SealedBidAuction("lot", bids, 0));
        return outcome.allocations().stream().anyMatch(a -> a.bidder().equals("me")) ? value - outcome.price() : 0;
    }

    @Property
    void firstPriceWinnerPaysItsOwnBid(@ForAll("amounts") List<Long> amounts,
            @ForAll @LongRange(max = 1_000) long reserve) {
        AuctionOutcome outcome = firstPrice.run(new SealedBidAuction("lot", bids(amounts), reserve));
        int winner = highest(amounts, reserve);
        if (winner < 0) {
            assertThat(outcome.allocations()).isEmpty();
            return;
        }
        assertThat(outcome.allocations().get(0).bidder()).isEqualTo("b" + winner);
        assertThat(outcome.price()).isEqualTo(amounts.get(winner));
        long highest = amounts.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(outcome.measurements().efficiency())
                .isEqualTo(highest == 0 ? null : io.foundation.api.mabeam.Fraction.of(amounts.get(winner), highest));
    }

    @Test
    void tiesGoToTheEarlierBid() {
        AuctionOutcome outcome = vickrey.run(new SealedBidAuction("lot",
                List.of(new Bid("x", 5), new Bid("y", 9), new Bid("z", 9)), 0));
        assertThat(outcome.allocations().get(0).bidder()).isEqualTo("y");
        assertThat(outcome.price()).isEqualTo(9);
    }

    @Test
    void badInputIsRejectedNamingTheField() {
        assertThatThrownBy(() -> vickrey.run(new SealedBidAuction("lot", List.of(new Bid("a", -1)), 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids[0].amount:");
        assertThatThrownBy(() -> vickrey.run(new SealedBidAuction("lot", List.of(), 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids:");
        assertThatThrownBy(() -> vickrey.run(new SealedBidAuction("lot",
                List.of(new Bid("a", 1), new Bid("a", 2)), 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids[1].bidder:");
        assertThatThrownBy(() -> firstPrice.run(new SealedBidAuction("lot", List.of(new Bid(" ", 1)), 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids[0].bidder:");
        assertThatThrownBy(() -> firstPrice.run(new SealedBidAuction("lot", List.of(new Bid("a", 1)), -5)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("reservePrice:");
        assertThatThrownBy(() -> firstPrice.run(new SealedBidAuction(null, List.of(new Bid("a", 1)), 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("item:");
        assertThatThrownBy(() -> firstPrice.run(null))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("problem:");
    }
}
