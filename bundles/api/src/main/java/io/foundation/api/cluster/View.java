package io.foundation.api.cluster;

import java.util.List;
import java.util.Optional;

/**
 * One agreed membership of the cluster. Every member that installs a view with the same {@link #id()} sees the
 * same members in the same order. Immutable.
 *
 * @param id      the cluster's number for this view: it increases with every view the cluster installs, and views of
 *                a healed partition get a higher one. A node that leaves and rejoins, or restarts its transport,
 *                continues with the numbers of the cluster it joins, which may be lower than those it saw before
 * @param members the members, oldest first; never empty, since a node always sees itself
 */
public record View(long id, List<Member> members) {

    public View {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a view has at least one member");
        }
        for (int rank = 0; rank < members.size(); rank++) {
            Member m = members.get(rank);
            if (m.joinOrder() != rank) {
                throw new IllegalArgumentException("member " + m.name() + " has joinOrder " + m.joinOrder()
                        + " but is at position " + rank);
            }
        }
    }

    /** The member that coordinates this view: the oldest. */
    public Member coordinator() {
        return members.get(0);
    }

    public int size() {
        return members.size();
    }

    /** The member with the given stable id, if it is in this view. */
    public Optional<Member> member(String memberId) {
        return members.stream().filter(m -> m.id().equals(memberId)).findFirst();
    }

    /** Names of the members, oldest first. */
    public List<String> names() {
        return members.stream().map(Member::name).toList();
    }
}
