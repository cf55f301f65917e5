package io.foundation.core.internal.node;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.jgroups.Address;
import org.jgroups.Membership;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.MembershipChangePolicy;

/**
 * The order of a merged view: the largest side first, in its own order, then the smaller sides by size. Joins and
 * leaves keep JGroups' order (newcomers at the end).
 * <p>
 * Singletons run on the oldest member, the first in the view. JGroups starts a merged view with whichever side's
 * coordinator has the smallest address, which is random, so after a heal a cut-off minority's coordinator took
 * every singleton from the side that kept running them through the partition (for a strict singleton, a lease
 * period without it). With the largest side first, the side keep-majority kept stays oldest and keeps its owners.
 * Sides of equal size are ordered by their coordinators' addresses, as JGroups does.
 */
final class LargestSideFirst implements MembershipChangePolicy {

    private static final Comparator<Collection<Address>> LARGEST_FIRST = Comparator
            .comparingInt((Collection<Address> side) -> side.size()).reversed()
            .thenComparing(side -> side.iterator().next());

    private final MembershipChangePolicy joinsAndLeaves = new GMS.DefaultMembershipPolicy();

    @Override
    public List<Address> getNewMembership(Collection<Address> current, Collection<Address> joiners,
                                          Collection<Address> leavers, Collection<Address> suspects) {
        return joinsAndLeaves.getNewMembership(current, joiners, leavers, suspects);
    }

    @Override
    public List<Address> getNewMembership(Collection<Collection<Address>> sides) {
        Membership merged = new Membership();
        sides.stream().filter(side -> !side.isEmpty()).sorted(LARGEST_FIRST).forEach(merged::add);
        return merged.getMembers();
    }
}
