/**
 * Cluster membership and discovery: who is in the cluster ({@link io.foundation.api.cluster.Membership},
 * {@link io.foundation.api.cluster.View}, {@link io.foundation.api.cluster.Member}) and where peers might be
 * ({@link io.foundation.api.cluster.ClusterStrategy}, {@link io.foundation.api.cluster.Seed}).
 *
 * <p>A third party writes a discovery strategy against this package alone: register a
 * {@link io.foundation.api.cluster.ClusterStrategy} service and name it in the node's {@code cluster} setting.
 */
@Version("1.0.0")
package io.foundation.api.cluster;

import org.osgi.annotation.versioning.Version;
