package io.foundation.mabeam.internal.auction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.auction.Allocation;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.Bid;
import io.foundation.api.mabeam.auction.BundleBid;
import io.foundation.api.mabeam.auction.CombinatorialAuction;
import io.foundation.api.mabeam.auction.Item;
import io.foundation.api.mabeam.auction.Payment;
import io.foundation.api.mabeam.auction.SealedBidAuction;
import io.foundation.api.mabeam.auction.SearchLimit;
import io.foundation.mabeam.oracle.BundleOracle;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CombinatorialTest {

    private final Combinatorial combinatorial = new Combinatorial();
    private final Vcg vcg = new Vcg();

    record Instance(List<Item> items, List<BundleBid> bids) {
    }

    @Provide
    Arbitrary<Instance> instances() {
        return Arbitraries.integers().between(1, 8).flatMap(itemCount -> {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < itemCount; i++) {
                items.add(new Item("i" + i));
            }
            Arbitrary<BundleBid> bid = Combinators.combine(
                    Arbitraries.of("b0", "b1", "b2", "b3", "b4"),
                    Arbitraries.integers().between(0, itemCount - 1).set().ofMinSize(1).ofMaxSize(itemCount),
                    Arbitraries.longs().between(0, 100))
                    .as((bidder, set, amount) -> new BundleBid(bidder,
                            set.stream().map(i -> "i" + i).toList(), amount));
            return bid.list().ofMinSize(1).ofMaxSize(12)
                    .uniqueElements(b -> b.bidder() + new TreeSet<>(b.items()))
                    .map(bids -> new Instance(items, bids));
        });
    }

    static List<Integer> winners(List<BundleBid> bids, AuctionOutcome outcome) {
        List<Integer> winners = new ArrayList<>();
        for (Allocation allocation : outcome.allocations()) {
            for (int i = 0; i < bids.size(); i++) {
                if (bids.get(i).bidder().equals(allocation.bidder())
                        && bids.get(i).items().equals(allocation.items())) {
                    winners.add(i);
                }
            }
        }
        return winners;
    }

    @Property(tries = 300)
    void winnerDeterminationEqualsTheBruteForceOptimumWithDisjointBundles(@ForAll("instances") Instance instance) {
        AuctionOutcome outcome = combinatorial.run(new CombinatorialAuction(instance.items(), instance.bids(), null));
        List<Integer> expected = BundleOracle.best(instance.bids(), null);
        assertThat(winners(instance.bids(), outcome)).isEqualTo(expected);
        assertThat(outcome.measurements().welfare()).isEqualTo(BundleOracle.welfare(instance.bids(), expected));
        Set<String> items = new HashSet<>();
        Set<String> bidders = new HashSet<>();
        for (Allocation allocation : outcome.allocations()) {
            assertThat(bidders.add(allocation.bidder())).isTrue();
            for (String item : allocation.items()) {
                assertThat(items.add(item)).as("item %s allocated twice", item).isTrue();
            }
        }
        assertThat(outcome.search().optimal()).isTrue();
        assertThat(outcome.search().gap()).isZero();
    }

    @Property(tries = 300)
    void boundedSearchReportsAnHonestGap(@ForAll("instances") Instance instance,
            @ForAll @LongRange(min = 1, max = 30) long maxNodes) {
        AuctionOutcome outcome = combinatorial.run(new CombinatorialAuction(instance.items(), instance.bids(),
                new SearchLimit(maxNodes, null)));
        long optimum = BundleOracle.welfare(instance.bids(), BundleOracle.best(instance.bids(), null));
        long welfare = outcome.measurements().welfare();
        assertThat(welfare).isLessThanOrEqualTo(optimum);
        assertThat(outcome.search().upperBound()).isGreaterThanOrEqualTo(optimum);
        assertThat(outcome.search().gap()).isEqualTo(outcome.search().upperBound() - welfare);
        if (outcome.search().optimal()) {
            assertThat(welfare).isEqualTo(optimum);
        }
        assertThat(winners(instance.bids(), outcome).stream().mapToLong(i -> instance.bids().get(i).amount()).sum())
                .isEqualTo(welfare);
    }

    @Property(tries = 300)
    void vcgPaymentsMatchTheClarkePivotOracleAndLieBetweenZeroAndTheBid(@ForAll("instances") Instance instance) {
        AuctionOutcome outcome = vcg.run(new CombinatorialAuction(instance.items(), instance.bids(), null));
        List<Integer> winners = BundleOracle.best(instance.bids(), null);
        long welfare = BundleOracle.welfare(instance.bids(), winners);
        assertThat(winners(instance.bids(), outcome)).isEqualTo(winners);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int winner : winners) {
            BundleBid bid = instance.bids().get(winner);
            long without = BundleOracle.welfare(instance.bids(), BundleOracle.best(instance.bids(), bid.bidder()));
            expected.put(bid.bidder(), without - (welfare - bid.amount()));
        }
        Map<String, Long> actual = new LinkedHashMap<>();
        for (Payment payment : outcome.payments()) {
            actual.put(payment.bidder(), payment.amount());
        }
        assertThat(actual).isEqualTo(expected);
        for (Allocation allocation : outcome.allocations()) {
            assertThat(actual.get(allocation.bidder())).isBetween(0L, allocation.value());
        }
    }

    /** Positive bids only: a bid of 0 may win a Vickrey auction without reserve but never wins VCG. */
    @Property
    void vcgOnOneItemIsVickrey(@ForAll("singleItemBids") List<Long> amounts) {
        List<BundleBid> bundles = new ArrayList<>();
        List<Bid> bids = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            bundles.add(new BundleBid("b" + i, List.of("x"), amounts.get(i)));
            bids.add(new Bid("b" + i, amounts.get(i)));
        }
        AuctionOutcome viaVcg = vcg.run(new CombinatorialAuction(List.of(new Item("x")), bundles, null));
        AuctionOutcome viaVickrey = new Vickrey().run(new SealedBidAuction("x", bids, 0));
        assertThat(viaVcg.allocations()).isEqualTo(viaVickrey.allocations());
        assertThat(viaVcg.payments()).isEqualTo(viaVickrey.payments());
    }

    @Provide
    Arbitrary<List<Long>> singleItemBids() {
        return Arbitraries.longs().between(1, 1_000).list().ofMinSize(1).ofMaxSize(10);
    }

    @Test
    void classicComplementsCase() {
        AuctionOutcome outcome = vcg.run(new CombinatorialAuction(List.of(new Item("A"), new Item("B")),
                List.of(new BundleBid("1", List.of("A", "B"), 10), new BundleBid("2", List.of("A"), 6),
                        new BundleBid("3", List.of("B"), 6)),
                null));
        assertThat(outcome.allocations()).containsExactly(new Allocation("2", List.of("A"), 1, 6),
                new Allocation("3", List.of("B"), 1, 6));
        assertThat(outcome.payments()).containsExactly(new Payment("2", 4), new Payment("3", 4));
        assertThat(outcome.measurements().welfare()).isEqualTo(12);
        assertThat(outcome.measurements().revenue()).isEqualTo(8);
    }

    @Test
    void badBundlesAreRejectedNamingTheField() {
        List<Item> items = List.of(new Item("A"), new Item("B"));
        assertThatThrownBy(() -> combinatorial.run(new CombinatorialAuction(items,
                List.of(new BundleBid("1", List.of("A", "C"), 10)), null)))
                .isInstanceOf(InvalidProblemException.class).hasMessage("bids[0].items[1]: unknown item \"C\"");
        assertThatThrownBy(() -> combinatorial.run(new CombinatorialAuction(items,
                List.of(new BundleBid("1", List.of("A", "A"), 10)), null)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids[0].items[1]:");
        assertThatThrownBy(() -> combinatorial.run(new CombinatorialAuction(items,
                List.of(new BundleBid("1", List.of("A"), 10), new BundleBid("1", List.of("A"), 12)), null)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids[1]:");
        assertThatThrownBy(() -> combinatorial.run(new CombinatorialAuction(items,
                List.of(new BundleBid("1", List.of(), 10)), null)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids[0].items:");
        assertThatThrownBy(() -> combinatorial.run(new CombinatorialAuction(List.of(new Item("A"), new Item("A")),
                List.of(new BundleBid("1", List.of("A"), 10)), null)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("items[1].id:");
        assertThatThrownBy(() -> vcg.run(new CombinatorialAuction(items,
                List.of(new BundleBid("1", List.of("A"), 10)), new SearchLimit(5L, null))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("limit:");
        assertThatThrownBy(() -> combinatorial.run(new CombinatorialAuction(items,
                List.of(new BundleBid("1", List.of("A"), -3)), null)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("bids[0].amount:");
    }
}
