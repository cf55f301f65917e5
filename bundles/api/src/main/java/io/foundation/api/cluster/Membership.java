package io.foundation.api.cluster;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The local node's membership in its cluster. Available as an OSGi service while the node runs; to follow
 * changes, register a {@link ViewListener}.
 */
@ProviderType
public interface Membership {

    /** Name of the cluster this node belongs to; only nodes with the same name form a view. */
    String clusterName();

    /** This node, as it appears in {@link #view()}. */
    Member localMember();

    /** The view currently installed on this node; always contains {@link #localMember()}. */
    View view();

    /**
     * Why the node is not clustering as configured, for example a cluster transport that failed to start or a
     * configuration that was refused; empty when all is well.
     */
    Optional<String> problem();
}
