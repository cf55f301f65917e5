package io.foundation.api.registry;

import java.util.Objects;

/**
 * How a {@link Router} picks one entry among those a query matches. Immutable.
 *
 * @param kind  the rule
 * @param gauge for {@link Kind#LEAST_LOADED}, the metadata key holding a number; the smallest wins, entries
 *              without a readable number come last
 */
public record Routing(Kind kind, String gauge) {

    public Routing {
        Objects.requireNonNull(kind, "kind");
        gauge = gauge == null ? "" : gauge;
        if (kind == Kind.LEAST_LOADED && gauge.isBlank()) {
            throw new IllegalArgumentException("least-loaded routing needs the metadata key of a gauge");
        }
    }

    public static Routing roundRobin() {
        return new Routing(Kind.ROUND_ROBIN, "");
    }

    /** An entry of this node if there is one, else round robin over the others. */
    public static Routing localFirst() {
        return new Routing(Kind.LOCAL_FIRST, "");
    }

    public static Routing leastLoaded(String gauge) {
        return new Routing(Kind.LEAST_LOADED, gauge);
    }

    /** The same key goes to the same entry while the matching entries stay the same; few keys move when they change. */
    public static Routing consistentHash() {
        return new Routing(Kind.CONSISTENT_HASH, "");
    }

    public enum Kind {
        ROUND_ROBIN,
        LOCAL_FIRST,
        LEAST_LOADED,
        CONSISTENT_HASH
    }
}
