package io.foundation.core.internal.node;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.PhysicalAddress;
import org.jgroups.Receiver;
import org.jgroups.stack.Protocol;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.View;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.cluster.ViewListener;
import io.foundation.core.internal.discovery.Strategies;
import io.foundation.core.internal.discovery.StrategyDiscovery;
import io.foundation.core.internal.lease.RaftHeaders;
import io.foundation.core.internal.settings.NodeSettings;
import io.foundation.settings.Overrides;
import io.foundation.settings.Parsed;

/**
 * The node: runs the JGroups channel that owns membership, turns its views into {@link View}s, logs them and
 * tells {@link ViewListener}s. Configuration changes that touch the transport restart the channel; if the new
 * settings cannot start, the previous ones are restored.
 */
@Component(service = Membership.class, configurationPid = NodeSettings.PID, immediate = true)
public final class ClusterNode implements Membership {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** One line per installed view; operators and tests grep for it. */
    private static final Logger VIEWS = LoggerFactory.getLogger("io.foundation.view");

    private final Strategies strategies;
    private final Overrides overrides;
    private final String nodeId;
    private final ViewListeners listeners = new ViewListeners();
    private final Set<ChannelUser> users = new CopyOnWriteArraySet<>();
    /** The users told about the current channel. */
    private final Set<ChannelUser> told = ConcurrentHashMap.newKeySet();
    /** Serialises start, reconfiguration, stop and view installation, so they never interleave. */
    private final ExecutorService lifecycle;

    private volatile NodeSettings settings;
    private volatile JChannel channel;
    private volatile View view;
    private volatile Member local;
    /** What was wrong with the last configuration (bad values, a refused change); null if nothing. */
    private volatile String configurationProblem;
    /** Why the configured transport is not running, the node running alone until a change fixes it; or null. */
    private volatile String transportProblem;
    /** False until the first real view replaces the placeholder view of the constructor. */
    private boolean ready;

    @Activate
    public ClusterNode(BundleContext context, Map<String, Object> config, @Reference Strategies strategies)
            throws IOException {
        this.strategies = strategies;
        this.overrides = Overrides.of(context);
        String data = context.getProperty("foundation.data");
        this.nodeId = NodeIdentity.loadOrCreate(data != null ? Path.of(data) : context.getDataFile("").toPath());
        this.lifecycle = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "foundation-node");
            t.setDaemon(true);
            return t;
        });
        this.settings = read(config, NodeSettings.defaults());
        this.local = new Member(nodeId, settings.nodeName(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                settings.attributes(), 0);
        this.view = new View(0, List.of(local));
        lifecycle.execute(this::startFirst);
    }

    @Modified
    void modified(Map<String, Object> config) {
        lifecycle.execute(() -> reconfigure(config));
    }

    @Deactivate
    void deactivate() {
        Future<?> stopped = lifecycle.submit(this::stop);
        try {
            stopped.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("The cluster transport did not stop within 30s");
        } catch (Exception e) {
            LOG.warn("Stopping the cluster transport failed", e);
        } finally {
            lifecycle.shutdownNow();
            listeners.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addViewListener(ViewListener listener) {
        listeners.add(listener);
    }

    void removeViewListener(ViewListener listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addChannelUser(ChannelUser user) {
        users.add(user);
        lifecycle.execute(() -> {
            JChannel ch = channel;
            if (ch != null && ch.isConnected()) {
                tell(user, ch);
            }
        });
    }

    void removeChannelUser(ChannelUser user) {
        users.remove(user);
        told.remove(user);
    }

    @Override
    public String clusterName() {
        return settings.clusterName();
    }

    @Override
    public Member localMember() {
        return local;
    }

    @Override
    public View view() {
        return view;
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(transportProblem != null ? transportProblem : configurationProblem);
    }

    /** Reads the settings, reporting every bad value, which keeps its previous value. */
    private NodeSettings read(Map<String, ?> config, NodeSettings previous) {
        Parsed<NodeSettings> parsed = NodeSettings.read(overrides.apply(config, NodeSettings.KEYS), previous);
        parsed.problems().forEach(p -> LOG.error("Configuration {}: {}", NodeSettings.PID, p));
        configurationProblem = parsed.problems().isEmpty() ? null
                : "configuration: " + String.join("; ", parsed.problems());
        return parsed.settings();
    }

    private void startFirst() {
        try {
            start(settings);
        } catch (Exception | LinkageError e) {
            transportProblem = "cluster transport failed to start: " + e.getMessage();
            LOG.error("The cluster transport failed to start: {}; running as a single node until the configuration "
                    + "is fixed", e.getMessage(), e);
            installSingle(settings);
        }
    }

    private void reconfigure(Map<String, Object> config) {
        NodeSettings previous = settings;
        NodeSettings next = read(config, previous);
        if (!previous.needsNewTransport(next) && transportProblem == null) {
            settings = next;
            return;
        }
        String invalid = validate(next);
        if (invalid != null) {
            configurationProblem = "configuration refused: " + invalid;
            LOG.error("Configuration {} refused: {}; the node keeps running with its current settings",
                    NodeSettings.PID, invalid);
            return;
        }
        LOG.info("Restarting the cluster transport to apply the new configuration");
        stop();
        try {
            start(next);
            settings = next;
            transportProblem = null;
        } catch (Exception | LinkageError e) {
            configurationProblem = "configuration refused: the transport failed to start with it: " + e.getMessage();
            LOG.error("The cluster transport failed to start with the new configuration: {}; restoring the previous "
                    + "one", e.getMessage(), e);
            stop();
            try {
                start(previous);
            } catch (Exception | LinkageError again) {
                transportProblem = "the previous configuration failed to start too: " + again.getMessage();
                LOG.error("The previous configuration failed to start too: {}; running as a single node",
                        again.getMessage(), again);
                installSingle(previous);
            }
        }
    }

    /** Checks what can be checked without stopping the running transport; null if nothing is wrong. */
    private String validate(NodeSettings next) {
        if (next.single()) {
            return null;
        }
        try {
            if (next.jgroupsConfig().isPresent()) {
                new JChannel(next.jgroupsConfig().get().toString()).close();
            } else {
                BindAddress.resolve(next.bindAddress());
            }
            return null;
        } catch (Exception | LinkageError e) {
            return next.jgroupsConfig().map(p -> "jgroups.config " + p + " is not a usable JGroups stack: ")
                    .orElse("bind.address " + next.bindAddress() + ": ") + e.getMessage();
        }
    }

    private void start(NodeSettings s) throws Exception {
        if (s.single()) {
            installSingle(s);
            return;
        }
        JChannel ch = open(s);
        channel = ch;
        try {
            ch.connect(s.clusterName());
        } catch (Exception e) {
            channel = null;
            ch.close();
            throw e;
        }
        users.forEach(user -> tell(user, ch));
    }

    /** Hands {@code ch} to {@code user} once: a user that registers while the channel connects is told only once. */
    private void tell(ChannelUser user, JChannel ch) {
        if (!told.add(user)) {
            return;
        }
        try {
            user.channelOpened(ch);
        } catch (Exception | LinkageError e) {
            LOG.error("{} could not use the cluster channel: {}", user.getClass().getSimpleName(), e.toString(), e);
        }
    }

    private JChannel open(NodeSettings s) throws Exception {
        RaftHeaders.register();
        JChannel ch;
        if (s.jgroupsConfig().isPresent()) {
            ch = new JChannel(s.jgroupsConfig().get().toString());
            LOG.info("Cluster transport: the JGroups stack of {}, used as written", s.jgroupsConfig().get());
            StrategyDiscovery discovery = ch.getProtocolStack().findProtocol(StrategyDiscovery.class);
            if (discovery != null) {
                discovery.seeds(strategies::round, (logical, physical) -> MemberCodec.member(logical, physical, 0));
            } else {
                LOG.info("jgroups.config {} has its own discovery; Foundation strategies are not consulted",
                        s.jgroupsConfig().get());
            }
        } else {
            InetAddress bind = BindAddress.resolve(s.bindAddress());
            List<Protocol> protocols = DefaultStack.protocols(s, bind);
            ch = new JChannel(protocols);
            LOG.info("Cluster transport: built-in TCP stack on {} ports {}-{}", bind.getHostAddress(), s.bindPort(),
                    s.bindPort() + s.portRange());
            ((StrategyDiscovery) ch.getProtocolStack().findProtocol(StrategyDiscovery.class))
                    .seeds(strategies::round, (logical, physical) -> MemberCodec.member(logical, physical, 0));
            // JGroups' diagnostics listen on a multicast group on every interface; a node has no use for them.
            ch.getProtocolStack().getTransport().getDiagnosticsHandler().setEnabled(false);
        }
        ch.addAddressGenerator(() -> MemberCodec.address(nodeId, s.nodeName(), s.attributes()));
        ch.name(s.nodeName());
        ch.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(org.jgroups.View installed) {
                lifecycle.execute(() -> install(ch, installed));
            }
        });
        return ch;
    }

    private void stop() {
        JChannel ch = channel;
        channel = null;
        strategies.withdrawAll();
        if (ch != null) {
            told.forEach(user -> user.channelClosing(ch));
            told.clear();
            ch.close();
        }
    }

    private void install(JChannel ch, org.jgroups.View installed) {
        if (ch != channel) {
            return;
        }
        List<Member> members = new ArrayList<>();
        for (Address address : installed.getMembers()) {
            PhysicalAddress physical = (PhysicalAddress) ch.down(new Event(Event.GET_PHYSICAL_ADDRESS, address));
            members.add(MemberCodec.member(address, physical, members.size()));
        }
        View next = new View(installed.getViewId().getId(), members);
        int self = installed.getMembers().indexOf(ch.getAddress());
        publish(next, self < 0 ? local : members.get(self), installed instanceof MergeView);
    }

    private void installSingle(NodeSettings s) {
        InetAddress address;
        try {
            address = BindAddress.resolve(s.bindAddress());
        } catch (Exception e) {
            address = InetAddress.getLoopbackAddress();
        }
        Member me = new Member(nodeId, s.nodeName(), new InetSocketAddress(address, 0), s.attributes(), 0);
        publish(new View(view.id() + 1, List.of(me)), me, false);
    }

    private void publish(View next, Member me, boolean merged) {
        View previous = ready ? view : null;
        ViewChange change = new ViewChange(Optional.ofNullable(previous), next, merged);
        local = me;
        view = next;
        VIEWS.info("view {} size={} members={} coordinator={} joined={} left={} merged={}", next.id(), next.size(),
                next.names(), next.coordinator().name(), names(change.joined()), names(change.left()), merged);
        listeners.publish(change);
        if (!ready) {
            ready = true;
            long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            LOG.info("foundation ready: node {} ({}) in cluster '{}' as member {} of {}, transport {}, {} ms after "
                    + "JVM start", me.name(), nodeId, settings.clusterName(), me.joinOrder() + 1, next.size(),
                    channel == null ? "off (single node)"
                            : me.address().getAddress().getHostAddress() + ":" + me.address().getPort(),
                    sinceJvmStart);
        }
    }

    private static List<String> names(List<Member> members) {
        return members.stream().map(Member::name).toList();
    }
}
