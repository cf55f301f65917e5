package io.foundation.core.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

import org.jgroups.Address;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

class LargestSideFirstTest {

    /** Six addresses in ascending order, so a test can put the smallest address on the smallest side. */
    private final List<Address> a = IntStream.range(0, 6).mapToObj(i -> (Address) UUID.randomUUID()).sorted().toList();
    private final LargestSideFirst policy = new LargestSideFirst();

    @Test
    void theLargestSideLeadsTheMergedViewEvenWhenASmallerSidesCoordinatorSortsFirst() {
        List<Collection<Address>> sides = List.of(List.of(a.get(0)), List.of(a.get(3), a.get(1), a.get(2)),
                List.of(a.get(5), a.get(4)));

        assertThat(policy.getNewMembership(sides))
                .containsExactly(a.get(3), a.get(1), a.get(2), a.get(5), a.get(4), a.get(0));
    }

    @Test
    void sidesOfEqualSizeGoByTheirCoordinatorsAddress() {
        List<Collection<Address>> sides = List.of(List.of(a.get(4), a.get(0)), List.of(a.get(2), a.get(5)));

        assertThat(policy.getNewMembership(sides)).containsExactly(a.get(2), a.get(5), a.get(4), a.get(0));
    }

    @Test
    void aMemberInTwoSidesIsListedOnceWhereItsLargestSidePutsIt() {
        List<Collection<Address>> sides = List.of(List.of(a.get(0), a.get(1)),
                List.of(a.get(2), a.get(3), a.get(1)));

        assertThat(policy.getNewMembership(sides)).containsExactly(a.get(2), a.get(3), a.get(1), a.get(0));
    }

    @Test
    void joinersGoLastAndLeaversAndSuspectsAreRemoved() {
        assertThat(policy.getNewMembership(List.of(a.get(3), a.get(0), a.get(1)), List.of(a.get(2)),
                List.of(a.get(0)), List.of(a.get(1)))).containsExactly(a.get(3), a.get(2));
    }
}
