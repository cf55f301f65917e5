package io.foundation.strategy.mdns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
 * {@code mdns}: advertises the node as a DNS-SD service instance ({@code _foundation._tcp.local.}, cluster and node
 * id in its TXT record) with JmDNS, and returns the resolved instances of the same cluster as seeds. JmDNS runs on
 * one interface only, the one that holds the node's address unless {@code mdns.interface} names another, and only
 * from the first {@link #advertise} to the next {@link #withdraw}: activating the component opens nothing.
 */
@Component(service = ClusterStrategy.class, configurationPid = MdnsSettings.PID)
public final class MdnsStrategy implements ClusterStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(MdnsStrategy.class);
    /** Deactivation waits this long for withdrawals in flight; JmDNS bounds each of its two waits in close() at 5 s. */
    private static final long WITHDRAWAL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(12);

    private final Overrides overrides;
    private volatile MdnsSettings settings = MdnsSettings.DEFAULT;
    private volatile String problem;
    /** The responder while advertised; replaced under this object's lock, read without it by {@link #seeds}. */
    private volatile MdnsSession session;
    /** Responders still sending their goodbyes. Guarded by this. */
    private final List<Thread> withdrawals = new ArrayList<>();
    /** Set on deactivation: a discovery round still in flight must not start a responder again. Guarded by this. */
    private boolean stopped;

    @Activate
    public MdnsStrategy(BundleContext context, Map<String, Object> config) {
        this(Overrides.of(context), config);
    }

    MdnsStrategy(Overrides overrides, Map<String, Object> config) {
        this.overrides = overrides;
        apply(config);
    }

    @Modified
    synchronized void modified(Map<String, Object> config) {
        MdnsSettings before = settings;
        apply(config);
        if (!settings.equals(before) && session != null) {
            LOG.info("mDNS settings changed (type {}, interface {}): advertising again on the next discovery round",
                    settings.serviceType(), settings.interfaceName().orElse("of the node's address"));
            withdrawSession();
        }
    }

    @Deactivate
    void deactivate() {
        List<Thread> pending;
        synchronized (this) {
            stopped = true;
            withdrawSession();
            pending = List.copyOf(withdrawals);
        }
        long until = System.nanoTime() + WITHDRAWAL_WAIT_NANOS;
        try {
            for (Thread t : pending) {
                TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, until - System.nanoTime()));
                if (t.isAlive()) {
                    LOG.warn("An mDNS responder did not close within {}s",
                            TimeUnit.NANOSECONDS.toSeconds(WITHDRAWAL_WAIT_NANOS));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return "mdns";
    }

    @Override
    public Optional<String> configurationProblem() {
        return Optional.ofNullable(problem);
    }

    /**
     * Publishes {@code self} for {@code cluster}. Returns at once when it is already published; otherwise starts a
     * responder (about 0.1 s), whose probing and announcing then take a few seconds in JmDNS's threads.
     */
    @Override
    public synchronized void advertise(String cluster, Member self) throws IOException {
        if (stopped) {
            throw new IllegalStateException("the mdns strategy is stopped");
        }
        MdnsSettings s = settings;
        Advertisement wanted = Advertisement.of(s.serviceType(), cluster, self);
        MdnsSession current = session;
        if (current != null && current.publishes(wanted)) {
            return;
        }
        withdrawSession();
        InetAddress address = interfaceAddress(s, self.address().getAddress());
        try {
            session = MdnsSession.open(address, wanted);
        } catch (IOException | RuntimeException e) {
            throw new IOException("mDNS cannot start on " + address.getHostAddress() + ": " + e.getMessage(), e);
        }
        LOG.info("mDNS: advertising '{}' as {} on {} (cluster '{}', port {})", wanted.instanceName(),
                s.serviceType(), address.getHostAddress(), cluster, self.address().getPort());
    }

    /** The resolved instances of {@code cluster} other than this node; empty until the node has advertised. */
    @Override
    public Collection<Seed> seeds(String cluster) {
        MdnsSession current = session;
        return current == null ? List.of() : current.seeds(cluster);
    }

    /** Sends the goodbyes and closes the responder in the background; deactivation waits for them to finish. */
    @Override
    public synchronized void withdraw(String cluster, Member self) {
        withdrawSession();
    }

    private void apply(Map<String, Object> config) {
        Parsed<MdnsSettings> parsed = MdnsSettings.read(overrides.apply(config, MdnsSettings.KEYS), settings);
        parsed.problems().forEach(p -> LOG.error("Configuration {}: {}", MdnsSettings.PID, p));
        settings = parsed.settings();
        problem = parsed.problems().isEmpty() ? null : String.join("; ", parsed.problems());
    }

    private void withdrawSession() {
        MdnsSession current = session;
        if (current == null) {
            return;
        }
        session = null;
        withdrawals.removeIf(t -> !t.isAlive());
        Thread closer = new Thread(current::close, "foundation-mdns-withdraw");
        closer.setDaemon(true);
        closer.start();
        withdrawals.add(closer);
        LOG.info("mDNS: withdrawing the advertisement on {}", current.bound().getHostAddress());
    }

    /** The address JmDNS binds to: the node's own, or that of {@code mdns.interface} in the node's address family. */
    private static InetAddress interfaceAddress(MdnsSettings s, InetAddress nodeAddress) throws SocketException {
        if (s.interfaceName().isEmpty()) {
            NetworkInterface nic = NetworkInterface.getByInetAddress(nodeAddress);
            if (nic == null) {
                throw new SocketException("the node's address " + nodeAddress.getHostAddress()
                        + " is on no interface of this host; name one with " + MdnsSettings.INTERFACE);
            }
            requireMulticast(nic);
            return nodeAddress;
        }
        String name = s.interfaceName().get();
        NetworkInterface nic = NetworkInterface.getByName(name);
        if (nic == null) {
            throw new SocketException(MdnsSettings.INTERFACE + "=" + name + ": this host has no such interface");
        }
        requireMulticast(nic);
        boolean ipv6 = PeerRecord.ipv6(nodeAddress);
        return nic.inetAddresses().filter(a -> PeerRecord.ipv6(a) == ipv6 && !(ipv6 && a.isLinkLocalAddress()))
                .findFirst().orElseThrow(() -> new SocketException(MdnsSettings.INTERFACE + "=" + name + " has no "
                        + (ipv6 ? "IPv6" : "IPv4") + " address"));
    }

    private static void requireMulticast(NetworkInterface nic) throws SocketException {
        if (!nic.isUp()) {
            throw new SocketException("interface " + nic.getName() + " is down");
        }
        if (!nic.supportsMulticast()) {
            throw new SocketException("interface " + nic.getName() + " does not support multicast; name another "
                    + "with " + MdnsSettings.INTERFACE);
        }
    }
}
