package io.foundation.mabeam.internal.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.negotiation.ConcessionOutcome;
import io.foundation.api.mabeam.negotiation.Deal;
import io.foundation.api.mabeam.negotiation.MonotonicConcession;
import io.foundation.api.mabeam.negotiation.Proposal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ZeuthenTest {

    private final Zeuthen zeuthen = new Zeuthen();

    @Provide
    Arbitrary<List<Deal>> deals() {
        Arbitrary<double[]> utilities = Arbitraries.doubles().between(0, 20).ofScale(1).array(double[].class)
                .ofSize(2);
        return utilities.list().ofMinSize(1).ofMaxSize(15).map(rows -> {
            List<Deal> deals = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                deals.add(new Deal("d" + i, rows.get(i)[0], rows.get(i)[1]));
            }
            return deals;
        });
    }

    private static BigDecimal product(Deal deal) {
        return BigDecimal.valueOf(deal.first()).multiply(BigDecimal.valueOf(deal.second()));
    }

    @Property(tries = 500)
    void agreementMaximisesTheNashProduct(@ForAll("deals") List<Deal> deals) {
        ConcessionOutcome outcome = zeuthen.run(new MonotonicConcession(deals));
        BigDecimal best = deals.stream().map(ZeuthenTest::product).max(BigDecimal::compareTo).orElseThrow();
        Deal agreed = deals.stream().filter(d -> d.id().equals(outcome.agreement())).findFirst().orElseThrow();
        assertThat(product(agreed)).isEqualByComparingTo(best);
    }

    @Property(tries = 500)
    void concessionsAreMonotonic(@ForAll("deals") List<Deal> deals) {
        Map<String, Deal> byId = new HashMap<>();
        deals.forEach(d -> byId.put(d.id(), d));
        List<Proposal> proposals = zeuthen.run(new MonotonicConcession(deals)).proposals();
        for (int i = 1; i < proposals.size(); i++) {
            Deal firstBefore = byId.get(proposals.get(i - 1).first());
            Deal firstNow = byId.get(proposals.get(i).first());
            Deal secondBefore = byId.get(proposals.get(i - 1).second());
            Deal secondNow = byId.get(proposals.get(i).second());
            assertThat(firstNow == firstBefore || firstNow.second() > firstBefore.second()).isTrue();
            assertThat(secondNow == secondBefore || secondNow.first() > secondBefore.first()).isTrue();
            assertThat(firstNow != firstBefore || secondNow != secondBefore).as("someone concedes each round").isTrue();
        }
    }

    @Test
    void splittingTenUnitsAgreesOnTheEvenSplit() {
        List<Deal> deals = new ArrayList<>();
        for (int k = 0; k <= 10; k++) {
            deals.add(new Deal("first gets " + k, k, 10 - k));
        }
        ConcessionOutcome outcome = zeuthen.run(new MonotonicConcession(deals));
        assertThat(outcome.agreement()).isEqualTo("first gets 5");
        assertThat(outcome.proposals().get(0)).isEqualTo(new Proposal(1, "first gets 10", "first gets 0"));
    }

    @Test
    void badUtilitiesAreRejected() {
        assertThatThrownBy(() -> zeuthen.run(new MonotonicConcession(List.of(new Deal("a", -1, 2)))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("deals[0].first:");
        assertThatThrownBy(() -> zeuthen.run(new MonotonicConcession(List.of(new Deal("a", 1, Double.NaN)))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("deals[0].second:");
        assertThatThrownBy(() -> zeuthen.run(new MonotonicConcession(List.of(new Deal("a", 1, 2),
                new Deal("a", 2, 1))))).isInstanceOf(InvalidProblemException.class)
                .hasMessageStartingWith("deals[1].id:");
    }
}
