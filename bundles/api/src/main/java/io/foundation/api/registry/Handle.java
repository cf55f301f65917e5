package io.foundation.api.registry;

import java.time.Duration;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A registration the caller owns. Closing it unregisters the entry; so does the owner leaving the view or the
 * registering bundle stopping. Calls after close throw {@link IllegalStateException}.
 */
@ProviderType
public interface Handle extends AutoCloseable {

    /** The entry as published now. */
    Entry entry();

    /** Publishes a new health state. */
    void health(Health health);

    /**
     * Publishes new metadata, for example a load gauge for {@link Routing#leastLoaded(String)}.
     *
     * @throws IllegalArgumentException if a key is not a valid filter attribute
     */
    void metadata(Map<String, String> metadata);

    /**
     * Runs {@code check} every {@code interval} on this node and publishes its answer when it changes; a check
     * that throws or takes longer than the interval counts as {@link Health#CRITICAL}. Replaces an earlier check.
     */
    void check(HealthCheck check, Duration interval);

    /** Unregisters the entry; idempotent. */
    @Override
    void close();
}
