package io.foundation.core.internal.node;

import java.net.InetAddress;
import java.util.List;

import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FORK;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP_NIO2;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

import io.foundation.core.internal.discovery.StrategyDiscovery;
import io.foundation.core.internal.settings.NodeSettings;

/**
 * The JGroups stack a node runs unless an expert supplies {@code jgroups.config}: JGroups' TCP stack with
 * Foundation's discovery and failure detection tuned for a LAN. A crashed node's closed connections are noticed at
 * once, and the crash is proven by its refused port ({@link CrashDetector}); a frozen or cut-off node is suspected
 * after {@code failure.timeout} of silence (FD_ALL3) and removed if it does not answer within
 * {@code verify.timeout} (VERIFY_SUSPECT2); partitions are compared every {@code merge.interval} (MERGE3).
 */
final class DefaultStack {

    /** Dead seeds should not hold up a discovery round: loopback and LAN peers connect well within this. */
    private static final int CONNECT_TIMEOUT_MS = 300;
    /** How often missing messages are asked for again. */
    private static final long XMIT_INTERVAL_MS = 200;

    private DefaultStack() {
    }

    static List<Protocol> protocols(NodeSettings settings, InetAddress bindAddress) {
        // Non-blocking writes: with blocking TCP a write to a member that a partition cut off blocks once the
        // socket's send buffer is full, and the view change that removes that member then waits for the same
        // connection's lock to close it, so the survivors never install their view.
        TCP_NIO2 tcp = new TCP_NIO2();
        tcp.setBindAddress(bindAddress);
        tcp.setBindPort(settings.bindPort());
        tcp.setPortRange(settings.portRange());
        tcp.setSockConnTimeout(CONNECT_TIMEOUT_MS);
        // JGroups leaves Nagle on: a small message then waits for the peer's delayed ACK, 40 ms on Linux.
        tcp.tcpNodelay(true);

        long merge = settings.mergeInterval().toMillis();
        long failure = settings.failureTimeout().toMillis();
        return List.of(
                tcp,
                // A node that found the cluster through one strategy must also learn the addresses of members that
                // strategy cannot see (they came in through another one): every answer carries the whole view's.
                new StrategyDiscovery().returnEntireCache(true),
                new MERGE3().setMinInterval(merge / 2).setMaxInterval(merge),
                new FD_ALL3().setTimeout(failure)
                        .setInterval(settings.heartbeatInterval().toMillis()),
                new VERIFY_SUSPECT2().setTimeout(settings.verifyTimeout().toMillis()),
                // Above VERIFY_SUSPECT2: a crash it proves needs no further verification. Bound like the transport,
                // so nodes on several addresses of one host (one per pod, container or NIC) can share a port.
                new CrashDetector().setBindAddress(bindAddress).setPortRange(settings.portRange()),
                new BARRIER(),
                // After a merge the members of each side miss what the other side sent while the views differed,
                // and get it only by retransmission: JGroups asks every 1 s (0.5 s for unicasts), which left a
                // merged side's messages waiting 2-3 s. A LAN answers a retransmission request in a millisecond.
                new NAKACK2().useMcastXmit(false).setXmitInterval(XMIT_INTERVAL_MS),
                new UNICAST3().setXmitInterval(XMIT_INTERVAL_MS),
                new STABLE(),
                // JGroups waits 2 s for view acks, 2.5 s for each side's digests in a merge and 10 s before it
                // frees a member left waiting by a merge that raced another one and dropped it. A member that was
                // cut off or frozen does not answer, so every view or merge that still counted it waited that long.
                // Whoever stays silent for failure.timeout is suspected anyway; waiting longer for it buys nothing.
                new GMS().setJoinTimeout(settings.joinTimeout().toMillis()).printLocalAddress(false)
                        .setViewAckCollectionTimeout(failure).setMergeTimeout(failure)
                        .setMembershipChangePolicy(new LargestSideFirst()),
                new UFC(),
                new MFC(),
                new FRAG4(),
                // Lets parts of the node (and later, channels) run their own message streams over this one channel.
                new FORK());
    }
}
