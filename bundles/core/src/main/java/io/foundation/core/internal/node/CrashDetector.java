package io.foundation.core.internal.node;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.stack.IpAddress;

/**
 * JGroups' FD_SOCK2, which suspects a member when its failure-detection connection breaks, with one change: a
 * suspicion counts only when the suspect's cluster transport refuses a TCP connection, which is what a crashed
 * process leaves behind. Such a member is removed at once, without the verification round that other suspicions
 * get. A suspect that still accepts connections is alive (connections also break while views merge, or under load),
 * and one that does not answer at all is left to FD_ALL3's heartbeats and VERIFY_SUSPECT2, so it must sit above
 * VERIFY_SUSPECT2 in the stack. Connecting to the next member of the ring happens on a thread of its own: FD_SOCK2
 * does it on whichever thread asked, which is the one installing a view, and a ring neighbour cut off by a partition
 * then held that view (and every message behind it) for a connect timeout per port in the port range.
 */
public class CrashDetector extends FD_SOCK2 {

    /** Above JGroups' ids and next to {@code StrategyDiscovery}'s; its headers are FD_SOCK2's. */
    public static final short ID = 1901;
    /** A live host answers a connect at once on a LAN; a longer silence is not a crash this check can prove. */
    private static final int PROBE_TIMEOUT_MS = 250;

    static {
        if (ClassConfigurator.getProtocolId(CrashDetector.class) == 0) {
            ClassConfigurator.addProtocol(ID, CrashDetector.class);
        }
    }

    private final ExecutorService probes = Executors.newCachedThreadPool(r -> daemon(r, "foundation-crash-probe"));
    private final ExecutorService ring = Executors.newSingleThreadExecutor(r -> daemon(r, "foundation-crash-ring"));
    /** Requests queued on {@link #ring} and not yet started: the same one twice would only repeat the work. */
    private final Set<Request> queued = ConcurrentHashMap.newKeySet();

    /** What probing a suspect's transport port showed. */
    enum Probe {
        /** The port refuses connections: the process is gone. */
        REFUSED,
        /** The port accepts connections: the process lives. */
        ACCEPTED,
        /** No answer, or no address known: nothing proven either way. */
        UNKNOWN
    }

    /**
     * FD_SOCK2 waits up to a second for its ring neighbour to answer the connection handshake; a neighbour killed
     * during the handshake (one that joined, or was joined, a moment before) was then found a second late. A LAN
     * answers at once, and a neighbour that is merely slow is probed before it is suspected.
     */
    public CrashDetector() {
        connect_timeout = PROBE_TIMEOUT_MS;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void destroy() {
        probes.shutdownNow();
        ring.shutdownNow();
        super.destroy();
    }

    @Override
    public void handle(Request request) {
        if (!queued.add(request)) {
            return;
        }
        ring.execute(() -> {
            queued.remove(request);
            try {
                super.handle(request);
            } catch (Exception e) {
                log.warn("%s: %s failed: %s", local_addr, request, e);
            }
        });
    }

    @Override
    protected void suspect(Collection<Address> suspects) {
        if (suspects == null || suspects.isEmpty()) {
            return;
        }
        List<Address> candidates = new ArrayList<>(suspects);
        candidates.remove(local_addr);
        for (Address suspect : candidates) {
            probes.execute(() -> judge(suspect));
        }
    }

    private void judge(Address suspect) {
        Probe result = probe(suspect);
        if (result == Probe.REFUSED) {
            log.debug("%s: %s refuses connections: it crashed", local_addr, suspect);
            super.suspect(new ArrayList<>(List.of(suspect)));
        } else {
            log.debug("%s: not suspecting %s (its transport port: %s)", local_addr, suspect, result);
            // Stops every member's periodic re-broadcast of this suspicion and lets FD_SOCK2 ping it again. Not an
            // UNSUSPECT event down the stack: FD_ALL3 would take it as a heartbeat from a member that may be cut off.
            broadcastUnuspectMessage(suspect);
        }
    }

    private Probe probe(Address suspect) {
        Object physical = down_prot.down(new Event(Event.GET_PHYSICAL_ADDRESS, suspect));
        if (!(physical instanceof IpAddress ip)) {
            return Probe.UNKNOWN;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip.getIpAddress(), ip.getPort()), PROBE_TIMEOUT_MS);
            return Probe.ACCEPTED;
        } catch (ConnectException refused) {
            return Probe.REFUSED;
        } catch (IOException silent) {
            return Probe.UNKNOWN;
        }
    }
}
