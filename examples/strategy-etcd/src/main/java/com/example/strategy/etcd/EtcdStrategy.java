package com.example.strategy.etcd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;

/**
 * {@code etcd}: every node keeps its address ({@code host:port}) in etcd under
 * {@code <prefix>/<cluster>/<node id>}, attached to a lease it renews while it is advertised; the peers of a cluster
 * are the other keys under {@code <prefix>/<cluster>/}. A node that withdraws revokes its lease, so its key goes at
 * once; a node that dies stops renewing, so its key goes when the lease expires.
 *
 * <p>Activation only reads the settings. The HTTP client is created on first use and dropped on withdraw, on a
 * settings change and on deactivation. While etcd cannot be read, {@link #seeds} answers the last peers it read
 * and {@link #advertise} reports why, so the node shows the error and still contacts the peers it knew.
 */
@Component(service = ClusterStrategy.class, configurationPid = EtcdSettings.PID)
public final class EtcdStrategy implements ClusterStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdStrategy.class);
    private static final String ENDPOINTS_VARIABLE = EtcdSettings.environmentName("endpoints");
    /** A host name or an IP literal (IPv6 without brackets, possibly with a scope). */
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9.-]{0,252}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private final Map<String, String> environment;

    // Written under this object's lock; volatile so that configurationProblem() never waits for an etcd request.
    private volatile EtcdSettings settings;
    private volatile String refused;

    // Guarded by this object's lock.
    private EtcdGateway gateway;
    private Registration registration;
    private Peers lastGood;
    /** Why etcd could not be read, while seeds() answers the last good peers; null when the last read worked. */
    private String outage;
    /** Entries under the prefix that are not a node's address, already logged once. */
    private final Set<String> reportedGarbage = new HashSet<>();

    /** This node's key, the lease that holds it and when the lease was last renewed ({@link System#nanoTime}). */
    private record Registration(String key, String value, long lease, long renewedAt, boolean lost) {

        Registration renewed(long now) {
            return new Registration(key, value, lease, now, false);
        }

        Registration markedLost() {
            return new Registration(key, value, lease, renewedAt, true);
        }
    }

    /** The peers last read for the cluster whose keys start with {@code clusterPrefix}. */
    private record Peers(String clusterPrefix, List<Seed> seeds, Instant readAt) {
    }

    @Activate
    public EtcdStrategy(Map<String, Object> configuration) {
        this(configuration, System.getenv());
    }

    EtcdStrategy(Map<String, Object> configuration, Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        apply(configuration, false);
    }

    /** A configuration change: applied if every value is good, else refused whole while the previous one stays. */
    @Modified
    void modified(Map<String, Object> configuration) {
        apply(configuration, true);
    }

    private synchronized void apply(Map<String, Object> configuration, boolean changed) {
        EtcdSettings next;
        try {
            next = EtcdSettings.read(configuration, environment);
        } catch (IllegalArgumentException e) {
            refused = e.getMessage();
            LOG.error("Configuration {} refused: {}; {}", EtcdSettings.PID, refused, settings == null
                    ? "the etcd strategy cannot run until it is corrected" : "still using " + settings);
            return;
        }
        refused = null;
        if (next.equals(settings)) {
            return;
        }
        if (changed) {
            LOG.info("etcd strategy: now {}", next);
        }
        release();
        settings = next;
        lastGood = null;
        outage = null;
    }

    @Deactivate
    synchronized void deactivate() {
        release();
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public Optional<String> configurationProblem() {
        return Optional.ofNullable(refused);
    }

    @Override
    public Optional<String> detect() {
        return environment.containsKey(ENDPOINTS_VARIABLE) ? Optional.of(ENDPOINTS_VARIABLE + " is set")
                : Optional.empty();
    }

    @Override
    public synchronized void advertise(String cluster, Member self) throws IOException {
        EtcdSettings s = settingsInForce();
        String key = s.key(cluster, self.id());
        String value = addressOf(self);
        EtcdGateway etcd = gateway(s);
        try {
            if (registration != null && !(registration.key.equals(key) && registration.value.equals(value))) {
                LOG.info("This node's etcd entry changes from {}={} to {}={}", registration.key, registration.value,
                        key, value);
                etcd.revoke(registration.lease);
                registration = null;
            }
            long now = System.nanoTime();
            if (registration == null) {
                registration = register(etcd, s, key, value, now);
            } else if (registration.lost) {
                reput(etcd, s, now);
            } else if (outage != null || now - registration.renewedAt >= s.leaseTtl().toNanos() / 3) {
                renew(etcd, s, now);
            }
        } catch (IOException e) {
            throw new IOException(e.getMessage() + lastGoodNote(), e);
        }
    }

    @Override
    public Collection<Seed> seeds(String cluster) throws IOException {
        String clusterPrefix;
        EtcdGateway etcd;
        synchronized (this) {
            EtcdSettings s = settingsInForce();
            clusterPrefix = s.clusterPrefix(cluster);
            etcd = gateway(s);
        }
        List<EtcdGateway.KeyValue> entries;
        try {
            entries = etcd.range(clusterPrefix);
        } catch (IOException e) {
            return lastGoodInstead(clusterPrefix, e);
        }
        return peersIn(clusterPrefix, entries);
    }

    @Override
    public synchronized void withdraw(String cluster, Member self) throws IOException {
        Registration r = registration;
        registration = null;
        try {
            if (r != null) {
                revoke(r);
            }
        } finally {
            closeGateway();
        }
    }

    private EtcdSettings settingsInForce() {
        EtcdSettings s = settings;
        if (s == null) {
            throw new IllegalStateException("configuration " + EtcdSettings.PID + " refused: " + refused);
        }
        return s;
    }

    private EtcdGateway gateway(EtcdSettings s) {
        if (gateway == null) {
            gateway = new EtcdGateway(s.endpoints(), s.requestTimeout());
        }
        return gateway;
    }

    private Registration register(EtcdGateway etcd, EtcdSettings s, String key, String value, long now)
            throws IOException {
        long lease = etcd.grant(s.leaseSeconds());
        etcd.put(key, value, lease);
        LOG.info("Advertised {}={} in etcd under lease {} ({}s)", key, value, Long.toHexString(lease),
                s.leaseSeconds());
        return new Registration(key, value, lease, now, false);
    }

    /** Puts the key back after it was found missing; under a new lease if the old one is gone. */
    private void reput(EtcdGateway etcd, EtcdSettings s, long now) throws IOException {
        try {
            etcd.put(registration.key, registration.value, registration.lease);
            registration = registration.renewed(now);
            LOG.info("Advertised {}={} in etcd again", registration.key, registration.value);
        } catch (EtcdGateway.EtcdException e) {
            if (e.code() != EtcdGateway.NOT_FOUND) {
                throw e;
            }
            registration = register(etcd, s, registration.key, registration.value, now);
        }
    }

    private void renew(EtcdGateway etcd, EtcdSettings s, long now) throws IOException {
        if (etcd.keepAlive(registration.lease) > 0) {
            registration = registration.renewed(now);
            return;
        }
        LOG.warn("The etcd lease of {} expired before it was renewed; advertising it under a new lease",
                registration.key);
        registration = register(etcd, s, registration.key, registration.value, now);
    }

    private synchronized List<Seed> lastGoodInstead(String clusterPrefix, IOException e) throws IOException {
        if (lastGood == null || !lastGood.clusterPrefix.equals(clusterPrefix)) {
            throw new IOException("cannot read peers from etcd: " + e.getMessage(), e);
        }
        if (outage == null) {
            LOG.warn("Cannot read peers from etcd ({}); answering the {} peer(s) read at {} until it answers",
                    e.getMessage(), lastGood.seeds.size(), lastGood.readAt);
        }
        outage = e.getMessage();
        return lastGood.seeds;
    }

    private synchronized List<Seed> peersIn(String clusterPrefix, List<EtcdGateway.KeyValue> entries) {
        String own = registration == null ? null : registration.key;
        boolean ownFound = false;
        List<Seed> seeds = new ArrayList<>();
        Set<String> garbage = new HashSet<>();
        for (EtcdGateway.KeyValue entry : entries) {
            if (entry.key().equals(own)) {
                ownFound = true;
                continue;
            }
            String nodeId = entry.key().substring(clusterPrefix.length());
            Optional<Seed> seed = nodeId.isEmpty() || nodeId.indexOf('/') >= 0 ? Optional.empty()
                    : addressIn(entry.value());
            if (seed.isPresent()) {
                seeds.add(seed.get());
            } else {
                String shown = entry.key() + "=" + printable(entry.value());
                garbage.add(shown);
                if (reportedGarbage.add(shown)) {
                    LOG.warn("Ignoring {} in etcd: a key under {} must be a node id holding host:port", shown,
                            clusterPrefix);
                }
            }
        }
        reportedGarbage.retainAll(garbage);
        if (own != null && own.startsWith(clusterPrefix) && !ownFound && !registration.lost) {
            LOG.warn("This node's key {} is gone from etcd; advertising it again", own);
            registration = registration.markedLost();
        }
        if (outage != null) {
            LOG.info("etcd answers again: {} peer(s)", seeds.size());
            outage = null;
        }
        lastGood = new Peers(clusterPrefix, List.copyOf(seeds), Instant.now());
        return lastGood.seeds;
    }

    private String lastGoodNote() {
        return lastGood == null ? "" : "; seeds are the " + lastGood.seeds.size() + " peer(s) read at "
                + lastGood.readAt;
    }

    private void revoke(Registration r) throws IOException {
        try {
            gateway(settingsInForce()).revoke(r.lease);
            LOG.info("Withdrew {} from etcd (lease {} revoked)", r.key, Long.toHexString(r.lease));
        } catch (IOException e) {
            throw new IOException("could not revoke the lease of " + r.key + " (" + e.getMessage() + "); the key "
                    + "disappears when the lease expires, within " + settings.leaseSeconds() + "s", e);
        }
    }

    /** Withdraws this node, if it is advertised, and drops the HTTP client; failures are only logged. */
    private void release() {
        Registration r = registration;
        registration = null;
        try {
            if (r != null) {
                revoke(r);
            }
        } catch (IOException e) {
            LOG.warn(e.getMessage());
        } finally {
            closeGateway();
        }
    }

    private void closeGateway() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    private static String addressOf(Member self) {
        InetSocketAddress address = self.address();
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return Seed.of(host, address.getPort()).toString();
    }

    /** The seed in a value written by a node: {@code host:port} with a real port. */
    static Optional<Seed> addressIn(byte[] value) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
            Seed seed = Seed.parse(text);
            return seed.port() != Seed.ANY_PORT && HOST.matcher(seed.host()).matches() ? Optional.of(seed)
                    : Optional.empty();
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String printable(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        return '\'' + (text.length() <= 60 ? text : text.substring(0, 60) + "...") + '\'';
    }
}
