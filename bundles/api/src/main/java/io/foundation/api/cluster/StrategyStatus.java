package io.foundation.api.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the node knows about one strategy at one moment. Immutable.
 *
 * @param name      the strategy's name
 * @param active    the node's configuration selects it
 * @param available a {@link ClusterStrategy} service with this name is registered
 * @param seeds     the seeds it returned in its last successful round, empty before the first
 * @param lastRound when it was last asked, empty if never
 * @param lastTook  how long the last round took
 * @param lastError why the last round failed (exception, timeout), empty if it succeeded
 */
public record StrategyStatus(String name, boolean active, boolean available, List<Seed> seeds,
                             Optional<Instant> lastRound, Duration lastTook, Optional<String> lastError) {

    public StrategyStatus {
        Objects.requireNonNull(name, "name");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(lastRound, "lastRound");
        Objects.requireNonNull(lastTook, "lastTook");
        Objects.requireNonNull(lastError, "lastError");
    }
}
