package io.foundation.core.internal.lease;

import org.jgroups.protocols.raft.ELECTION;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;

/**
 * Makes the node channel able to read jgroups-raft's headers before the lease fork exists. jgroups-raft registers
 * its header types in its protocols' static initialisers; a node that receives a lease message from a peer before
 * its own lease fork is built (while it starts, or when it has no consensus members) would otherwise fail to read
 * the whole message batch, and the rest of that connection's stream with it.
 */
public final class RaftHeaders {

    private RaftHeaders() {
    }

    public static void register() {
        for (Class<?> protocol : new Class<?>[] {RAFT.class, ELECTION.class, REDIRECT.class}) {
            try {
                Class.forName(protocol.getName(), true, protocol.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("jgroups-raft is not usable: " + e.getMessage(), e);
            }
        }
    }
}
