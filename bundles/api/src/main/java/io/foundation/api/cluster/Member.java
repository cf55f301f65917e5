package io.foundation.api.cluster;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A node of the cluster as it appears in a {@link View}. Immutable.
 *
 * @param id         stable identity of the node: kept in the node's data directory, so it survives restarts
 * @param name       human-readable name, unique by convention (the {@code --name} of the node)
 * @param address    where the node's cluster transport listens
 * @param attributes labels the node declared about itself, such as {@link #ROLES}; never null, sorted by key
 * @param joinOrder  rank in the view: 0 for the oldest member; a member that joined earlier has a smaller rank,
 *                   and every member computes the same rank for the same view
 */
public record Member(String id, String name, InetSocketAddress address, Map<String, String> attributes,
                     int joinOrder) {

    /** Attribute holding the node's roles as a comma-separated list. */
    public static final String ROLES = "roles";

    public Member {
        requireText(id, "id");
        requireText(name, "name");
        Objects.requireNonNull(address, "address");
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
        if (joinOrder < 0) {
            throw new IllegalArgumentException("joinOrder must be >= 0, was " + joinOrder);
        }
    }

    /** The roles declared in the {@link #ROLES} attribute, in declaration order; empty if none. */
    public Set<String> roles() {
        String value = attributes.get(ROLES);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> roles = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(r -> !r.isEmpty()).forEach(roles::add);
        return Collections.unmodifiableSet(roles);
    }

    /** This member with a different rank, for building a view. */
    public Member withJoinOrder(int rank) {
        return new Member(id, name, address, attributes, rank);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
