package io.foundation.registry.ignite;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.ignite.Ignite;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.registry.RegistryStore;

/**
 * Runs the {@code ignite} registry store while configuration {@value #PID} exists: creating
 * {@code etc/io.foundation.registry.ignite.cfg} starts an embedded Ignite node on this member's address, whose
 * peers are the Foundation view's members, and offers it as a {@link RegistryStore} (ranking 100) once the node is
 * up; deleting the file withdraws the store and stops the node.
 *
 * <p>Ignite starts on a thread of its own, not the activation's: SCR activates components on ConfigAdmin's single
 * event thread, and holding it for the seconds an Ignite node takes to join would delay every other configuration
 * of the node. The store is registered only when Ignite is up, so the registry never sees a store that cannot
 * answer. When Ignite cannot start (a port in use, a bad XML, the start timeout) an ERROR names the cause, nothing
 * is registered and the registry keeps its embedded store; writing the file again retries.
 */
@Component(configurationPid = IgniteStore.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
public final class IgniteStore {

    static final String PID = "io.foundation.registry.ignite";
    static final int RANKING = 100;

    private static final Logger LOG = LoggerFactory.getLogger(IgniteStore.class);

    /** The keys of {@code etc/io.foundation.registry.ignite.cfg}. */
    public @interface Config {

        /** First Ignite discovery port; peers are looked for on the same range. */
        int discovery_port() default 47500;

        /** First Ignite communication port. */
        int communication_port() default 47100;

        /** How many ports after each first one Ignite may use when it is taken. */
        int port_range() default 10;

        /** Path of an Ignite Spring XML whose IgniteConfiguration is the base; empty for Foundation's small node. */
        String ignite_config() default "";

        /** Seconds Ignite may take to start and join its peers. */
        int start_timeout() default 30;
    }

    /** How long after Ignite stopped by itself it is started again: long enough for a partition to settle. */
    static final Duration RESTART_DELAY = Duration.ofSeconds(5);

    private final BundleContext context;
    private final GridSettings settings;
    /** Starts Ignite, at activation and again after it stopped by itself; one start at a time. */
    private final ScheduledExecutorService starter;
    /** Guarded by this. */
    private boolean stopped;
    /** Guarded by this. */
    private IgniteEntries store;
    /** Guarded by this. */
    private ServiceRegistration<RegistryStore> registration;

    @Activate
    public IgniteStore(BundleContext context, @Reference Membership membership, Config config) {
        this(context, settings(context, membership, config));
    }

    /** @param settings null when the configuration was refused (and reported): nothing starts then */
    IgniteStore(BundleContext context, GridSettings settings) {
        this.context = context;
        this.settings = settings;
        if (settings == null) {
            this.starter = null;
            return;
        }
        this.starter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ignite-store-" + settings.instanceName());
            t.setDaemon(true);
            return t;
        });
        starter.execute(this::start);
    }

    /**
     * The settings of this node's Ignite, or null after an ERROR naming the key when the file holds a value that
     * is not valid: the component then stays inactive rather than failing, so the node's log shows one clear line.
     */
    static GridSettings settings(BundleContext context, Membership membership, Config config) {
        Member self = membership.localMember();
        Supplier<Collection<InetAddress>> peers = () -> membership.view().members().stream()
                .map(m -> m.address().getAddress()).toList();
        String data = context.getProperty("foundation.data");
        Path work = (data != null ? Path.of(data) : Path.of(System.getProperty("java.io.tmpdir"), "foundation"))
                .resolve("ignite");
        try {
            String xml = read("ignite.config", config::ignite_config);
            return new GridSettings(self.name(), self.address().getAddress(), peers,
                    read("discovery.port", config::discovery_port),
                    read("communication.port", config::communication_port), read("port.range", config::port_range),
                    xml.isBlank() ? Optional.empty() : Optional.of(Path.of(xml)),
                    Duration.ofSeconds(read("start.timeout", config::start_timeout)), work);
        } catch (IllegalArgumentException e) {
            LOG.error("The ignite registry store is not started, the registry keeps its embedded store: {} in "
                    + "{}.cfg", e.getMessage(), PID);
            return null;
        }
    }

    /** One value of the file; SCR converts it when it is read, and a failed conversion names no key. */
    private static <T> T read(String key, Supplier<T> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException(key + " is not valid (" + cause.getMessage() + ")");
        }
    }

    private void start() {
        if (isStopped()) {
            return;
        }
        long began = System.nanoTime();
        Ignite ignite;
        IgniteEntries entries;
        try {
            ignite = GridNode.start(settings, IgniteStore.class.getClassLoader(), this::igniteStopping);
        } catch (RuntimeException e) {
            if (!isStopped()) {
                LOG.error("The ignite registry store is not available, the registry keeps its embedded store: {}",
                        e.getMessage());
            }
            return;
        }
        long startMillis = (System.nanoTime() - began) / 1_000_000;
        try {
            entries = new IgniteEntries(ignite);
        } catch (RuntimeException e) {
            LOG.error("The ignite registry store is not available, the registry keeps its embedded store: its "
                    + "caches cannot be created: {}", GridNode.causes(e));
            GridNode.stop(settings.instanceName());
            return;
        }
        synchronized (this) {
            if (stopped) {
                GridNode.stop(settings.instanceName());
                return;
            }
            store = entries;
        }
        // Registered without holding the lock: the registry opens the store and replays into it right away.
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, RANKING);
        properties.put(RegistryStore.NAME, entries.name());
        ServiceRegistration<RegistryStore> registered = context.registerService(RegistryStore.class, entries,
                properties);
        synchronized (this) {
            if (store == entries) {
                registration = registered;
            }
        }
        if (registration() != registered) {
            // Deactivated, or Ignite stopped, while the registry was taking the store: take it back.
            withdraw(registered, entries);
            return;
        }
        LOG.info("The ignite registry store is available: Ignite node {} on {} started in {} ms with {} server(s), "
                + "store taken by the registry after {} ms", settings.instanceName(),
                settings.bindHost().getHostAddress(), startMillis, ignite.cluster().forServers().nodes().size(),
                (System.nanoTime() - began) / 1_000_000);
    }

    /**
     * Ignite stops on its own after a critical failure or when its cluster drops it (a partition segments it: Ignite
     * 2.x never merges two clusters): the store goes at once, so the registry reads its embedded store again, and
     * Ignite is started again after {@link #RESTART_DELAY}, joining the members of the view by then, so a healed
     * partition gives one Ignite cluster again.
     */
    private void igniteStopping() {
        ServiceRegistration<RegistryStore> withdrawn;
        IgniteEntries entries;
        synchronized (this) {
            if (stopped || store == null) {
                return;
            }
            withdrawn = registration;
            entries = store;
            registration = null;
            store = null;
        }
        LOG.error("Ignite node {} is stopping by itself (see Ignite's messages before this one): the ignite registry "
                + "store is withdrawn and the registry keeps its embedded store; Ignite starts again in {} s",
                settings.instanceName(), RESTART_DELAY.toSeconds());
        withdraw(withdrawn, entries);
        try {
            starter.schedule(this::restart, RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException deactivated) {
            LOG.debug("Not restarting Ignite: the store is being deactivated");
        }
    }

    private void restart() {
        // The old node may still be finishing its stop; its name must be free before a new node takes it.
        GridNode.stop(settings.instanceName());
        start();
    }

    private static void withdraw(ServiceRegistration<RegistryStore> registration, IgniteEntries entries) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                LOG.debug("The ignite registry store was already unregistered");
            }
        }
        if (entries != null) {
            entries.close();
        }
    }

    /** Withdraws the store, then stops the Ignite node; bounded by the start timeout and Ignite's stop. */
    @Deactivate
    void deactivate() {
        ServiceRegistration<RegistryStore> withdrawn;
        IgniteEntries entries;
        synchronized (this) {
            stopped = true;
            withdrawn = registration;
            entries = store;
            registration = null;
            store = null;
        }
        withdraw(withdrawn, entries);
        if (starter == null) {
            return;
        }
        starter.shutdownNow();
        try {
            starter.awaitTermination(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        GridNode.stop(settings.instanceName());
        LOG.info("The ignite registry store is stopped");
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** True while the store is offered to the registry. */
    synchronized boolean registered() {
        return registration != null;
    }

    private synchronized ServiceRegistration<RegistryStore> registration() {
        return registration;
    }
}
