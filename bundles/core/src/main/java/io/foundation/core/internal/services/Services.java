package io.foundation.core.internal.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jgroups.JChannel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.cluster.ViewListener;
import io.foundation.api.services.DistributedServices;
import io.foundation.api.services.Handoff;
import io.foundation.api.services.ServiceState;
import io.foundation.core.internal.lease.Leases;
import io.foundation.core.internal.node.ChannelUser;
import io.foundation.core.internal.splitbrain.Sides;

/**
 * The node's distributed services: finds the components declared with {@code foundation.distributed.mode} in SCR,
 * announces their names to the other members (when they change, after every view change, and as a digest every
 * {@link #DIGEST_EVERY}), follows the view, the others' announcements, the split-brain guard and the leases, and
 * lets {@link Ownership} switch instances on and off through ConfigurationAdmin.
 */
@Component(service = {DistributedServices.class, ViewListener.class, ChannelUser.class}, immediate = true)
public final class Services implements DistributedServices, ViewListener, ChannelUser {

    private static final Logger LOG = LoggerFactory.getLogger(Services.class);
    /** Longest a graceful stop waits for handoffs beyond the longest declared handoff. */
    private static final long STOP_SLACK_MS = 2000;
    /** How often the digest of this node's declared services goes out, so a lost announcement is repaired. */
    static final Duration DIGEST_EVERY = Duration.ofSeconds(2);
    /**
     * How long after start the node keeps its declarations to itself: the bundles of {@code deploy/} are still
     * being installed then, and saying "I lack S" before they are would move S away and back. Until a member has
     * announced, every member counts it eligible.
     */
    static final Duration SETTLE = Duration.ofSeconds(10);

    private final BundleContext context;
    private final ServiceComponentRuntime runtime;
    private final Map<Handoff, Map<String, Object>> handoffs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop;
    private final ThreadPoolExecutor handoffPool;
    private final ReleaseChannel channel;
    private final Ownership ownership;
    private final AutoCloseable policyChanges;
    private final BundleListener bundles = this::bundleChanged;
    private final String localId;
    private volatile Leases leases;
    /** The names of the valid distributed services declared on this node, as last announced. */
    private volatile Set<String> declaring = Set.of();
    private volatile boolean active = true;
    /** False during {@link #SETTLE}: nothing is announced yet. */
    private volatile boolean announcing;

    @Activate
    public Services(BundleContext context, @Reference Membership membership, @Reference Sides sides,
                    @Reference ConfigurationAdmin admin, @Reference ServiceComponentRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "foundation-services");
            t.setDaemon(true);
            return t;
        });
        this.handoffPool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "foundation-handoff");
            t.setDaemon(true);
            return t;
        });
        handoffPool.allowCoreThreadTimeOut(true);
        AdminConfigurations configurations = new AdminConfigurations(context, admin, runtime);
        try {
            List<String> left = configurations.deleteLeftovers();
            if (!left.isEmpty()) {
                LOG.warn("Deleted {} configuration(s) of distributed services left from an earlier run: {}",
                        left.size(), left);
            }
        } catch (Exception e) {
            LOG.error("Could not delete leftover configurations of distributed services: {}", e.toString());
        }
        this.localId = membership.localMember().id();
        this.channel = new ReleaseChannel(localId, new ReleaseChannel.Inbox() {
            @Override
            public void asked(String from, String service, String key) {
                ownership.asked(from, service, key);
            }

            @Override
            public void released(String from, String service, String key) {
                ownership.released(from, service, key);
            }

            @Override
            public void declares(String from, Set<String> services) {
                ownership.announced(from, services);
            }

            @Override
            public void digest(String from, long digest) {
                if (!ownership.declared().matches(from, digest)) {
                    channel.query(from);
                }
            }

            @Override
            public void queried(String from) {
                if (announcing) {
                    channel.declares(declaring);
                }
            }
        });
        this.ownership = new Ownership(localId, configurations, sides, () -> Optional.ofNullable(leases),
                this::handoffsFor, channel, loop, handoffPool, Duration.ofSeconds(1), Duration.ofSeconds(30));
        this.policyChanges = sides.onPolicyChange(() -> {
            if (active) {
                ownership.reconsider();
            }
        });
        context.addBundleListener(bundles);
        scan();
        loop.schedule(this::startAnnouncing, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(() -> {
            if (announcing) {
                channel.digest(Declared.digest(declaring));
            }
        }, DIGEST_EVERY.toMillis(), DIGEST_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        active = false;
        context.removeBundleListener(bundles);
        try {
            policyChanges.close();
        } catch (Exception e) {
            LOG.debug("Could not stop listening to policy changes", e);
        }
        ownership.stopAll(Duration.ofMillis(ownership.declaredHandoffMs() + STOP_SLACK_MS));
        loop.shutdownNow();
        handoffPool.shutdownNow();
        channel.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindLeases(Leases l) {
        leases = l;
        ownership.reconsider();
    }

    void unbindLeases(Leases l) {
        if (leases == l) {
            leases = null;
            ownership.leasesGone();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandoff(Handoff handoff, Map<String, Object> properties) {
        handoffs.put(handoff, properties);
    }

    void removeHandoff(Handoff handoff) {
        handoffs.remove(handoff);
    }

    @Override
    public void viewChanged(ViewChange change) {
        ownership.view(change.current());
        if (announcing) {
            channel.declares(declaring);
        }
    }

    @Override
    public void channelOpened(JChannel ch) throws Exception {
        channel.open(ch);
    }

    @Override
    public void channelClosing(JChannel ch) {
        channel.close();
    }

    @Override
    public List<ServiceState> services() {
        return ownership.services();
    }

    @Override
    public Optional<ServiceState> service(String name) {
        return ownership.services().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public Optional<Member> owner(String name, String key) {
        return ownership.owner(name, key);
    }

    @Override
    public Set<String> ownedKeys(String name) {
        return ownership.ownedKeys(name);
    }

    private void bundleChanged(BundleEvent event) {
        if (!active) {
            return;
        }
        scan();
        try {
            // SCR may finish reading a bundle's components just after the event: look once more a little later.
            loop.schedule(this::scan, 1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Distributed services stopped while bundle {} changed", event.getBundle().getSymbolicName());
        }
    }

    private synchronized void scan() {
        if (!active) {
            return;
        }
        List<Declaration> found = new ArrayList<>();
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            if (d.properties != null && Declaration.declares(d.properties)) {
                found.add(Declaration.read(d.name, d.bundle.id, d.configurationPid, d.configurationPolicy,
                        d.properties));
            }
        }
        ownership.declarations(found);
        Set<String> names = new TreeSet<>();
        found.stream().filter(Declaration::valid).forEach(d -> names.add(d.name()));
        if (!names.equals(declaring)) {
            declaring = Set.copyOf(names);
            if (announcing) {
                announce();
            }
        }
    }

    private synchronized void startAnnouncing() {
        announcing = true;
        announce();
    }

    private void announce() {
        // Heard at once here, not only through the channel's loopback: a service deployed on this node then moves
        // here through the previous owner's handoff like anywhere else.
        ownership.announced(localId, declaring);
        channel.declares(declaring);
    }

    /** The handoff hooks registered for an instance: same component name and, for a partitioned key, same key. */
    private List<Handoff> handoffsFor(String service, String key) {
        List<Handoff> matching = new ArrayList<>();
        handoffs.forEach((h, p) -> {
            if (service.equals(p.get("component.name"))
                    && (key == null || Objects.equals(key, String.valueOf(p.get(DistributedServices.KEY))))) {
                matching.add(h);
            }
        });
        return matching;
    }
}
