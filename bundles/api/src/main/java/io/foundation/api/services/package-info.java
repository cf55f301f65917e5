/**
 * Distributed services: a user's own Declarative Services component that runs once in the cluster
 * ({@link io.foundation.api.services.Distributed.Mode#SINGLETON}), on every node
 * ({@link io.foundation.api.services.Distributed.Mode#REPLICATED}) or once per key on the key's owner
 * ({@link io.foundation.api.services.Distributed.Mode#PARTITIONED}).
 *
 * <p>A component declares itself with the {@link io.foundation.api.services.Distributed} component property type
 * (or the {@code foundation.distributed.*} properties it stands for) and
 * {@code configurationPolicy = ConfigurationPolicy.REQUIRE}. The node then creates the component's configuration
 * on the member that owns it and deletes it elsewhere, so Declarative Services activates the component exactly
 * where it should run. Placement is a deterministic function of the current view; a
 * {@link io.foundation.api.services.SplitBrainPolicy} decides which side of a partition keeps running.
 */
@Version("1.0.0")
package io.foundation.api.services;

import org.osgi.annotation.versioning.Version;
