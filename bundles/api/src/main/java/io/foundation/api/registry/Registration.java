package io.foundation.api.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a member asks the registry to publish: everything of an {@link Entry} the owner chooses. Immutable.
 *
 * @param name         the service name, not blank
 * @param capabilities what the instance can do
 * @param metadata     string labels; keys must be usable as OSGi filter attributes (no spaces, no {@code =()~<>*})
 * @param endpoint     where to reach it, may be empty
 */
public record Registration(String name, Set<String> capabilities, Map<String, String> metadata, String endpoint) {

    public Registration {
        Objects.requireNonNull(name, "name");
        capabilities = Set.copyOf(capabilities);
        metadata = Map.copyOf(metadata);
        endpoint = endpoint == null ? "" : endpoint;
    }

    /** A registration with a name only. */
    public static Registration of(String name) {
        return new Registration(name, Set.of(), Map.of(), "");
    }

    public Registration withCapabilities(String... more) {
        return new Registration(name, Set.of(more), metadata, endpoint);
    }

    public Registration withMetadata(Map<String, String> labels) {
        return new Registration(name, capabilities, labels, endpoint);
    }

    public Registration withEndpoint(String where) {
        return new Registration(name, capabilities, metadata, where);
    }
}
