package io.foundation.core.internal.discovery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

import io.foundation.api.cluster.Seed;

/** The mutable history of one strategy, guarded by its owner's lock. */
final class StrategyRecord {

    List<Seed> seeds = List.of();
    Instant lastRound;
    Duration lastTook = Duration.ZERO;
    String lastError;
    /** The call still running from an earlier round; a strategy is never asked twice at once. */
    Future<?> inFlight;
    Instant inFlightSince;
    /** The cluster and member this strategy last advertised, or null. */
    String advertisedCluster;
    io.foundation.api.cluster.Member advertisedSelf;

    Optional<Instant> lastRound() {
        return Optional.ofNullable(lastRound);
    }
}
