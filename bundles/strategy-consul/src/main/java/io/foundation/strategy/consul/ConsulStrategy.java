package io.foundation.strategy.consul;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.settings.Overrides;
import io.foundation.settings.Parsed;

/**
 * {@code consul}: registers the node with the local Consul agent as an instance of the service
 * {@code foundation-<cluster>} (or {@code consul.service}) with a TTL check the node keeps passing, finds peers
 * among the service's passing instances through the health API, and deregisters on withdrawal and on a clean stop.
 * Nothing is opened at activation: the client, its threads and connections exist from the first discovery round
 * that uses the strategy to its withdrawal. For {@code cluster=auto} it is chosen when a Consul agent address is
 * configured ({@code consul.address}, or {@code CONSUL_HTTP_ADDR} in the environment).
 */
@Component(service = ClusterStrategy.class, configurationPid = ConsulSettings.PID)
public final class ConsulStrategy implements ClusterStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(ConsulStrategy.class);

    private final Overrides overrides;
    private final Map<String, String> environment;
    private volatile ConsulSettings settings = ConsulSettings.DEFAULT;
    private volatile String problem;
    /** The link while the strategy is in use; replaced under this object's lock. */
    private volatile AgentLink link;
    /** Set on deactivation: a discovery round still in flight must not open a link again. Guarded by this. */
    private boolean stopped;

    @Activate
    public ConsulStrategy(BundleContext context, Map<String, Object> config) {
        this(Overrides.of(context), System.getenv(), config);
    }

    /**
     * @param environment where {@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_SSL} and {@code CONSUL_HTTP_TOKEN} are
     *                    read; the process environment in a node
     */
    ConsulStrategy(Overrides overrides, Map<String, String> environment, Map<String, Object> config) {
        this.overrides = overrides;
        this.environment = Map.copyOf(environment);
        apply(config);
    }

    @Modified
    synchronized void modified(Map<String, Object> config) {
        ConsulSettings before = settings;
        apply(config);
        if (!settings.equals(before) && link != null) {
            LOG.info("Consul settings changed to {}: registering again on the next discovery round", settings);
            closeLink();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        stopped = true;
        closeLink();
    }

    @Override
    public String name() {
        return "consul";
    }

    @Override
    public Optional<String> configurationProblem() {
        return Optional.ofNullable(problem);
    }

    /** Chosen by {@code cluster=auto} when an agent address is configured and the settings are usable. */
    @Override
    public Optional<String> detect() {
        if (problem != null) {
            return Optional.empty();
        }
        ConsulSettings s = settings;
        return s.addressOrigin().map(origin -> "Consul agent at " + s.address() + " from " + origin);
    }

    /**
     * Registers {@code self} as an instance of the cluster's service; returns without a call to the agent when it
     * is registered and its check passes.
     *
     * @throws IOException naming the agent and the reason when the registration cannot be made or kept alive
     */
    @Override
    public synchronized void advertise(String cluster, Member self) throws IOException {
        if (stopped) {
            throw new IllegalStateException("the consul strategy is stopped");
        }
        ConsulSettings s = settings;
        linkFor(s, cluster).register(NodeRegistration.of(s, cluster, self));
    }

    /**
     * The passing instances of the cluster's service other than this node, from memory (a blocking query keeps
     * them current). The first call waits up to half a second for the agent's first answer.
     *
     * @throws io.foundation.api.cluster.StaleSeedsException with the last seeds when the agent cannot be read now
     */
    @Override
    public Collection<Seed> seeds(String cluster) throws Exception {
        AgentLink current;
        synchronized (this) {
            if (stopped) {
                return List.of();
            }
            current = linkFor(settings, cluster);
        }
        return current.seeds(cluster);
    }

    /** Deregisters the node and releases the link; the next round that uses the strategy opens it again. */
    @Override
    public synchronized void withdraw(String cluster, Member self) throws IOException {
        AgentLink current = link;
        link = null;
        release(current);
    }

    private AgentLink linkFor(ConsulSettings s, String cluster) {
        String service = s.serviceFor(cluster);
        AgentLink current = link;
        if (current != null && current.service().equals(service)) {
            return current;
        }
        closeLink();
        current = new AgentLink(s, service);
        link = current;
        return current;
    }

    private void closeLink() {
        AgentLink current = link;
        link = null;
        try {
            release(current);
        } catch (IOException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    /** Deregisters the node through {@code current}, if any, and closes it whatever the agent answered. */
    private static void release(AgentLink current) throws IOException {
        if (current == null) {
            return;
        }
        try {
            current.deregister();
        } finally {
            current.close();
        }
    }

    private void apply(Map<String, Object> config) {
        Map<String, Object> effective = overrides.apply(config, ConsulSettings.KEYS);
        Map<String, String> sources = new HashMap<>();
        ConsulSettings.KEYS.forEach(key -> sources.put(key, overrides.sourceOf(key)));
        Parsed<ConsulSettings> parsed = ConsulSettings.read(effective, environment, sources, settings);
        parsed.problems().forEach(p -> LOG.error("Configuration {}: {}", ConsulSettings.PID, p));
        settings = parsed.settings();
        problem = parsed.problems().isEmpty() ? null : String.join("; ", parsed.problems());
    }
}
