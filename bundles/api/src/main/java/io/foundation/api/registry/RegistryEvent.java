package io.foundation.api.registry;

import java.util.Objects;

/**
 * A change a watch reports. Immutable.
 *
 * @param kind  what happened
 * @param entry the entry after the change, or as it was last seen for {@link Kind#REMOVED}
 */
public record RegistryEvent(Kind kind, Entry entry) {

    public RegistryEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entry, "entry");
    }

    public enum Kind {
        /** The entry now matches: it was registered, or changed so that it matches. */
        ADDED,
        /** A matching entry changed and still matches. */
        UPDATED,
        /** The entry no longer matches: unregistered, its owner left, or it changed so that it does not match. */
        REMOVED
    }
}
