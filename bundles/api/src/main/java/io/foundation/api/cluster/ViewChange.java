package io.foundation.api.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The step from one view to the next, as delivered to {@link ViewListener}s. Immutable.
 *
 * @param previous the view before, empty for the first view a listener receives
 * @param current  the view now in force
 * @param merged   true if {@code current} joins views that were separated by a partition
 */
public record ViewChange(Optional<View> previous, View current, boolean merged) {

    public ViewChange {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }

    /** Members in {@code current} that were not in {@code previous}, oldest first. */
    public List<Member> joined() {
        return current.members().stream().filter(m -> previous.map(p -> !contains(p, m)).orElse(true)).toList();
    }

    /** Members in {@code previous} that are not in {@code current}, in their old order. */
    public List<Member> left() {
        return previous.map(p -> p.members().stream().filter(m -> !contains(current, m)).toList()).orElse(List.of());
    }

    private static boolean contains(View view, Member member) {
        return view.members().stream()
                .anyMatch(m -> m.id().equals(member.id()) && m.address().equals(member.address()));
    }
}
