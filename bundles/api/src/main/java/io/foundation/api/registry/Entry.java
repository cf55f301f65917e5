package io.foundation.api.registry;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One registered instance of a service, as every member sees it. Immutable.
 *
 * @param id           unique in the cluster, chosen by the owner at registration
 * @param name         the service name look-ups use
 * @param capabilities what the instance can do; discovery matches all of a query's capabilities
 * @param metadata     free-form string labels, matched by a query's OSGi filter; sorted by key
 * @param endpoint     where to reach the instance, in the owner's words (a URI, host:port, ...); may be empty
 * @param owner        the stable id ({@link io.foundation.api.cluster.Member#id()}) of the member that registered
 *                     it; the entry goes when that member leaves the view
 * @param ownerName    that member's name, for people
 * @param health       the last state its health checks reported
 * @param version      grows with every update of the entry by its owner
 */
public record Entry(String id, String name, Set<String> capabilities, Map<String, String> metadata, String endpoint,
                    String owner, String ownerName, Health health, long version) {

    public Entry {
        requireText(id, "id");
        requireText(name, "name");
        capabilities = Collections.unmodifiableSet(new TreeSet<>(capabilities));
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        endpoint = endpoint == null ? "" : endpoint;
        requireText(owner, "owner");
        requireText(ownerName, "ownerName");
        Objects.requireNonNull(health, "health");
    }

    /** This entry with another health state and the next version. */
    public Entry withHealth(Health next) {
        return new Entry(id, name, capabilities, metadata, endpoint, owner, ownerName, next, version + 1);
    }

    /** This entry with other metadata and the next version. */
    public Entry withMetadata(Map<String, String> next) {
        return new Entry(id, name, capabilities, next, endpoint, owner, ownerName, health, version + 1);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
