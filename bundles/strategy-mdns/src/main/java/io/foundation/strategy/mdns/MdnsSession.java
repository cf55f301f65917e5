package io.foundation.strategy.mdns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Seed;

/**
 * One JmDNS responder bound to one interface address: publishes one {@link Advertisement} and keeps every resolved
 * instance of the advertised service type, so that {@link #seeds} answers from memory at once. Lives from an
 * advertise to the next withdraw, or until what it advertises changes.
 */
final class MdnsSession {

    private static final Logger LOG = LoggerFactory.getLogger(MdnsSession.class);
    /** An instance's TXT record may arrive just after its SRV record: call it garbage only this long after. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final JmDNS jmdns;
    private final Advertisement advertisement;
    private final InetAddress bound;
    private final Map<String, Found> found = new ConcurrentHashMap<>();
    private final Map<String, Long> loggedAbout = new ConcurrentHashMap<>();

    /** The latest description of one instance, and when it was first resolved. */
    private record Found(ServiceInfo info, long sinceNanos) {
    }

    private MdnsSession(JmDNS jmdns, Advertisement advertisement, InetAddress bound) {
        this.jmdns = jmdns;
        this.advertisement = advertisement;
        this.bound = bound;
    }

    /**
     * Starts a responder on {@code bound} (the address of the one interface it may use), browses the advertised type
     * and registers {@code advertisement}. Probing and announcing then run in JmDNS's own threads.
     */
    static MdnsSession open(InetAddress bound, Advertisement advertisement) throws IOException {
        JmDNS jmdns = JmDNS.create(bound, advertisement.hostName());
        MdnsSession session = new MdnsSession(jmdns, advertisement, bound);
        try {
            jmdns.addServiceListener(advertisement.serviceType(), session.new Browser());
            jmdns.registerService(advertisement.serviceInfo());
        } catch (IOException | RuntimeException e) {
            jmdns.close();
            throw e;
        }
        return session;
    }

    /** Whether this session already publishes {@code wanted}, so that nothing needs to change. */
    boolean publishes(Advertisement wanted) {
        return advertisement.equals(wanted);
    }

    InetAddress bound() {
        return bound;
    }

    /**
     * The seeds of the instances of {@code cluster}, other than this node's own. An instance that is not a Foundation
     * peer, or belongs to another cluster, is skipped and reported at most once a minute.
     */
    List<Seed> seeds(String cluster) {
        boolean ipv6 = PeerRecord.ipv6(bound);
        long now = System.nanoTime();
        List<Seed> seeds = new ArrayList<>();
        for (Found f : found.values()) {
            PeerRecord peer;
            try {
                peer = PeerRecord.read(f.info, ipv6);
            } catch (IllegalArgumentException e) {
                if (now - f.sinceNanos >= SETTLE_NANOS) {
                    reportOnce(f.info, true, e.getMessage());
                }
                continue;
            }
            if (peer.id().equals(advertisement.id())) {
                continue;
            }
            if (peer.cluster().equals(cluster)) {
                seeds.addAll(peer.seeds());
            } else {
                reportOnce(f.info, false, "it belongs to cluster '" + peer.cluster() + "', not '" + cluster + "'");
            }
        }
        return seeds;
    }

    /**
     * Withdraws the advertisement and stops the responder: JmDNS sends goodbyes (TTL 0) for the service and host
     * records at once and twice more a second apart, then closes its sockets. Blocks until it has, about 2 s.
     */
    void close() {
        try {
            jmdns.close();
        } catch (IOException e) {
            LOG.warn("Closing mDNS on {}: {}", bound.getHostAddress(), e.toString());
        }
    }

    private void reportOnce(ServiceInfo info, boolean garbage, String why) {
        String key = key(info.getName(), info.getType());
        long now = System.nanoTime();
        Long last = loggedAbout.get(key);
        if (last != null && now - last < LOG_INTERVAL_NANOS) {
            return;
        }
        if (loggedAbout.size() > 1_000) {
            loggedAbout.clear();
        }
        loggedAbout.put(key, now);
        if (garbage) {
            LOG.warn("Ignoring mDNS service '{}' on {}: {}", info.getQualifiedName(), info.getServer(), why);
        } else {
            LOG.info("Ignoring mDNS service '{}' on {}: {}", info.getQualifiedName(), info.getServer(), why);
        }
    }

    private static String key(String instance, String type) {
        return (instance + "." + type).toLowerCase(Locale.ROOT);
    }

    /** Keeps {@link #found} current: JmDNS resolves every instance it sees under the type and reports removals. */
    private final class Browser implements ServiceListener {

        @Override
        public void serviceAdded(ServiceEvent event) {
            // Resolution follows by itself; an instance counts once it is resolved.
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            if (info != null && info.hasData()) {
                found.compute(key(event.getName(), event.getType()),
                        (k, before) -> new Found(info, before == null ? System.nanoTime() : before.sinceNanos));
            }
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            found.remove(key(event.getName(), event.getType()));
        }
    }
}
