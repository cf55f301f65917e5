package io.foundation.api.cluster;

import java.util.Collection;
import java.util.List;

/**
 * Thrown by {@link ClusterStrategy#seeds(String)} when its source cannot be read now but seeds read earlier are
 * still the best guess: the node keeps using {@link #lastKnown()} and reports the message as the strategy's error,
 * so an unreachable registry neither hides the problem nor makes the node forget where its peers were.
 */
public class StaleSeedsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<Seed> lastKnown;

    /**
     * @param message   why the source could not be read, for operators
     * @param lastKnown the seeds read the last time it could
     * @param cause     the failure, if any
     */
    public StaleSeedsException(String message, Collection<Seed> lastKnown, Throwable cause) {
        super(message, cause);
        this.lastKnown = List.copyOf(lastKnown);
    }

    /** The seeds from the last successful read. */
    public List<Seed> lastKnown() {
        return lastKnown;
    }
}
