package io.foundation.api.registry;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which entries a discovery, watch or route wants. Immutable; build with {@link #all()} and the {@code with}
 * methods. An entry matches when every given part matches.
 *
 * @param name         the service name, empty for any
 * @param capabilities the entry must have all of them
 * @param filter       an OSGi filter over the entry's metadata (for example {@code (&(zone=a)(version>=2))}),
 *                     empty for any; checked when the query is used
 * @param minimum      the least health an entry must have
 */
public record Query(Optional<String> name, Set<String> capabilities, Optional<String> filter, Health minimum) {

    public Query {
        Objects.requireNonNull(name, "name");
        capabilities = Set.copyOf(capabilities);
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(minimum, "minimum");
    }

    /** Every entry that is not critical. */
    public static Query all() {
        return new Query(Optional.empty(), Set.of(), Optional.empty(), Health.WARNING);
    }

    /** Healthy-enough entries with this name. */
    public static Query named(String name) {
        return all().withName(name);
    }

    public Query withName(String service) {
        return new Query(Optional.of(service), capabilities, filter, minimum);
    }

    public Query withCapabilities(String... required) {
        return new Query(name, Set.of(required), filter, minimum);
    }

    public Query withFilter(String ldap) {
        return new Query(name, capabilities, Optional.of(ldap), minimum);
    }

    public Query withMinimum(Health least) {
        return new Query(name, capabilities, filter, least);
    }
}
