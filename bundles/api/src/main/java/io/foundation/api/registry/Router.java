package io.foundation.api.registry;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Picks one matching, healthy-enough entry per call, following its {@link Routing}; reads local memory only. */
@ProviderType
public interface Router {

    /** The next entry, empty if none matches now. */
    Optional<Entry> next();

    /** The entry for {@code key}: used by consistent hashing, the other rules ignore it. */
    Optional<Entry> next(String key);
}
