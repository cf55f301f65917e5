/**
 * The cluster-wide service registry: {@link io.foundation.api.registry.ServiceRegistry} to register, look up,
 * discover, watch and route to {@link io.foundation.api.registry.Entry entries}, and
 * {@link io.foundation.api.registry.RegistryStore}, the service a registry backend (embedded, Ignite, ...) provides.
 *
 * <p>An entry belongs to the member that registered it and disappears when that member leaves the view. Because
 * each member owns its entries, a backend can always be rebuilt by replaying every member's own entries, which is
 * how the registry moves between backends without losing a registration.
 */
@Version("1.0.0")
package io.foundation.api.registry;

import org.osgi.annotation.versioning.Version;
