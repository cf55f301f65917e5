package io.foundation.core.internal.lease;

import java.util.Optional;

/**
 * Named leases agreed through consensus, for strict singletons: at most one member holds a lease at any moment,
 * provided clocks on the members run at about the same rate. Registered as a service of this bundle.
 */
public interface Leases {

    /**
     * Starts claiming {@code name} for this node and keeps claiming it until {@link #release}: the holder is told
     * {@link LeaseHolder#granted} when this node holds the lease and {@link LeaseHolder#lost} as soon as it may no
     * longer assume so (renewal failed or overdue), always before another member could be granted it. Claiming a
     * name already claimed replaces its holder.
     */
    void claim(String name, LeaseHolder holder);

    /**
     * Stops claiming {@code name}. If this node holds it, the caller must have stopped using it: the lease is given
     * up at once so that another member can take it without waiting for it to expire.
     */
    void release(String name);

    /** Why leases cannot be granted on this node (consensus not configured, no majority), empty if they can. */
    Optional<String> problem();
}
