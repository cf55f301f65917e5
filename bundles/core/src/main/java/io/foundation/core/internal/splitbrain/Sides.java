package io.foundation.core.internal.splitbrain;

import io.foundation.api.cluster.View;

/**
 * The split-brain guard's verdicts, for the parts of the node that run singletons and partitioned owners.
 * Registered as a service of this bundle by the guard.
 */
public interface Sides {

    /** The cluster's policy setting as accepted, such as {@code keep-majority} or {@code static-quorum:3}. */
    String clusterPolicy();

    /**
     * Whether this node's side keeps running services in {@code view} under {@code policy} (a policy setting; blank
     * means the cluster's). The guard takes {@code view} into account first if it has not seen it yet, so callers
     * may ask from their own view listener.
     *
     * @throws IllegalArgumentException if {@code policy} is not a valid setting
     */
    boolean keeps(View view, String policy);

    /**
     * Calls {@code change} whenever a verdict may have changed without a new view (the policy was reconfigured),
     * until the returned handle is closed.
     */
    AutoCloseable onPolicyChange(Runnable change);
}
