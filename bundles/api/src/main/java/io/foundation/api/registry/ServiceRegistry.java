package io.foundation.api.registry;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The cluster-wide service registry, available as an OSGi service on every node. Registrations are published to
 * every member; look-ups, discovery and routing read this node's copy and never wait on the network. The same
 * interface is served whichever {@link RegistryStore} backs it, and stays available while the backend changes.
 */
@ProviderType
public interface ServiceRegistry {

    /**
     * Publishes an entry owned by this node.
     *
     * @throws IllegalArgumentException naming the field if the registration is invalid (blank name, a metadata key
     *                                  that is not a filter attribute)
     * @throws IllegalStateException    if the registry or the registering bundle is stopping
     */
    Handle register(Registration registration);

    /** Entries with this name, whatever their health, oldest registration first. */
    List<Entry> lookup(String name);

    /**
     * Entries matching the query.
     *
     * @throws IllegalArgumentException with the parser's message if the query's filter is not a valid OSGi filter
     */
    List<Entry> discover(Query query);

    /**
     * Reports changes to the entries matching the query: first an {@link RegistryEvent.Kind#ADDED} for each entry
     * matching now, then every change. Close the returned handle to stop.
     *
     * @throws IllegalArgumentException if the query's filter is invalid
     */
    AutoCloseable watch(Query query, RegistryListener listener);

    /**
     * A router over the entries matching the query, following the entries as they change.
     *
     * @throws IllegalArgumentException if the query's filter is invalid
     */
    Router router(Query query, Routing routing);

    /** The name of the {@link RegistryStore} look-ups read now, such as {@code embedded} or {@code ignite}. */
    String store();
}
