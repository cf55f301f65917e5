package io.foundation.core.internal.registry;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Handle;
import io.foundation.api.registry.Query;
import io.foundation.api.registry.Registration;
import io.foundation.api.registry.RegistryListener;
import io.foundation.api.registry.Router;
import io.foundation.api.registry.Routing;
import io.foundation.api.registry.ServiceRegistry;

/**
 * The {@link ServiceRegistry} one bundle uses: each bundle gets its own instance, which refuses registrations
 * while the bundle is stopping and closes the bundle's registrations and watches when the bundle lets go of the
 * service (at the latest when it stops).
 */
@Component(service = ServiceRegistry.class, scope = ServiceScope.BUNDLE)
public final class BundleRegistry implements ServiceRegistry {

    private final Bundle user;
    private final Registry registry;
    private final Set<OwnedEntry> handles = ConcurrentHashMap.newKeySet();
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private boolean released;

    @Activate
    public BundleRegistry(ComponentContext context, @Reference Registry registry) {
        this(context.getUsingBundle(), registry);
    }

    BundleRegistry(Bundle user, Registry registry) {
        this.user = user;
        this.registry = registry;
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            released = true;
        }
        List.copyOf(handles).forEach(OwnedEntry::close);
        List.copyOf(watches).forEach(Watch::close);
    }

    @Override
    public Handle register(Registration registration) {
        synchronized (this) {
            if (released || user.getState() == Bundle.STOPPING) {
                throw new IllegalStateException("bundle " + user.getSymbolicName() + " [" + user.getBundleId()
                        + "] is stopping; it cannot register " + registration.name());
            }
            OwnedEntry handle = registry.register(registration, handles::remove);
            handles.add(handle);
            return handle;
        }
    }

    @Override
    public List<Entry> lookup(String name) {
        return registry.lookup(name);
    }

    @Override
    public List<Entry> discover(Query query) {
        return registry.discover(query);
    }

    @Override
    public AutoCloseable watch(Query query, RegistryListener listener) {
        Watch watch = registry.watch(query, listener);
        watches.add(watch);
        return () -> {
            watches.remove(watch);
            watch.close();
        };
    }

    @Override
    public Router router(Query query, Routing routing) {
        return registry.router(query, routing);
    }

    @Override
    public String store() {
        return registry.store();
    }
}
