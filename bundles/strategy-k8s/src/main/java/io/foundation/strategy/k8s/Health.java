package io.foundation.strategy.k8s;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StaleSeedsException;

/**
 * Whether a source of seeds answers, and the last seeds it gave while it did. A source that fails after having
 * answered hands the node those seeds in a {@link StaleSeedsException}, which the node both uses and shows; one that
 * never answered has nothing to hand over and fails outright.
 * Logs once per transition: a WARN when answers stop (and when the reason changes), an INFO when they return.
 */
final class Health {

    private static final Logger LOG = LoggerFactory.getLogger(Health.class);

    private final String what;
    private List<Seed> lastGood;
    private Instant lastGoodAt;
    private String failure;
    private Instant failingSince;

    /** @param what the source, as in "the Kubernetes API" */
    Health(String what) {
        this.what = what;
    }

    /** Records what the source says now; a failure stays until {@link #ok()}. */
    synchronized void seeds(List<Seed> seeds) {
        lastGood = List.copyOf(seeds);
        lastGoodAt = Instant.now();
    }

    /** The source works again (or still). */
    synchronized void ok() {
        if (failure != null) {
            LOG.info("k8s: {} answers again after failing since {}: {} seed(s)", what, format(failingSince),
                    lastGood == null ? 0 : lastGood.size());
        }
        failure = null;
        failingSince = null;
    }

    synchronized void failed(String why) {
        if (failure == null) {
            failingSince = Instant.now();
            LOG.warn("k8s: {}", lastGood == null ? why : why + "; keeping the " + lastGood.size() + " seed(s) from "
                    + format(lastGoodAt));
        } else if (!failure.equals(why)) {
            LOG.warn("k8s: {} (failing since {})", why, format(failingSince));
        }
        failure = why;
    }

    synchronized boolean hasSeeds() {
        return lastGood != null;
    }

    synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * While failing after an earlier success: the exception that hands the node the last good seeds, with why they
     * are stale, for example "the API server at ... is unreachable (connection refused) since 10:00:01Z; seeds as
     * listed at 10:00:00Z" (the node adds how many it uses). Empty while healthy or before any success.
     */
    synchronized Optional<StaleSeedsException> stale(Throwable cause) {
        if (failure == null || lastGood == null) {
            return Optional.empty();
        }
        return Optional.of(new StaleSeedsException(failure + " since " + format(failingSince) + "; seeds as of "
                + format(lastGoodAt), lastGood, cause));
    }

    static String format(Instant instant) {
        return instant == null ? "(never)" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
