package io.foundation.core.internal.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.fork.ForkChannel;
import org.jgroups.stack.ProtocolStack;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Member;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.RegistryStore;
import io.foundation.core.internal.node.ChannelUser;

/**
 * The default registry backend: every member multicasts its own entries over a fork of the node's cluster channel
 * and keeps everyone's in memory. Changes to the local member's entries apply here at once and travel in the
 * order they were made; whenever a view brings members this one has not seen (a joiner, the other side of a
 * merge), and when this member connects, it multicasts all of its entries, which replace what the others held for
 * it, so a joiner learns the whole state from the owners. Entries of members that leave the view are dropped.
 * <p>
 * Those multicasts can be lost: right after a merge, a member that has not installed the merged view yet drops
 * messages from the members it does not see. So every member also multicasts a digest of its entries every
 * second and after each view change, in order with its changes; a member whose copy of that owner differs asks
 * the owner, which multicasts all of its entries again. A lost message is thus repaired within a few seconds.
 * Without a channel (a single node) the store works locally.
 */
@Component(service = {RegistryStore.class, ChannelUser.class},
        property = {"service.ranking:Integer=0", RegistryStore.NAME + "=embedded"})
public final class EmbeddedStore implements RegistryStore, ChannelUser {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);
    private static final long GARBAGE_LOG_INTERVAL = TimeUnit.SECONDS.toNanos(10);
    private static final long DIGEST_INTERVAL_MILLIS = 1000;
    /** A copy that still differs this long after asking its owner is asked for again. */
    private static final long PULL_INTERVAL = TimeUnit.SECONDS.toNanos(2);

    /** Keeps the entries' messages in the order their changes applied here. */
    private final Object sending = new Object();
    /**
     * Sends full sets off the transport's threads: a receiving thread that waited for {@link #sending} while a
     * send waits for credits the peers grant only after delivering could stall both sides. Digests and pulls go
     * out from here too.
     */
    private final ScheduledExecutorService announcer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "foundation-registry-announce");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong garbage = new AtomicLong();
    private final AtomicLong garbageLogged = new AtomicLong(System.nanoTime() - GARBAGE_LOG_INTERVAL);
    /** A snapshot that answers nobody's request is queued and not yet taken: it will show the latest entries. */
    private final AtomicBoolean snapshotQueued = new AtomicBoolean();

    private Member local;
    private Listener listener;
    private final OwnerCopy own = new OwnerCopy();
    private boolean ownReplayed;
    /** Entries of the other members, by owner id, then entry id. */
    private final Map<String, OwnerCopy> others = new HashMap<>();
    /** The address each other owner last wrote from: its entries go when that address leaves the view. */
    private final Map<String, Address> senders = new HashMap<>();
    private final Set<String> replayed = new HashSet<>();
    private final Set<Address> viewMembers = new HashSet<>();
    /** When this member last asked each owner for its entries (System.nanoTime). */
    private final Map<String, Long> pulled = new HashMap<>();
    private ForkChannel fork;
    private ScheduledFuture<?> digests;

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public synchronized void open(Member member, Listener target) {
        local = member;
        listener = target;
        others.values().forEach(entries -> entries.values().forEach(target::put));
        own.values().forEach(target::put);
        replayed.forEach(target::replayed);
        announce(true);
    }

    @Override
    public void put(Entry entry) {
        synchronized (sending) {
            String owner;
            synchronized (this) {
                owner = requireOpen();
                own.put(entry);
                listener.put(entry);
            }
            send(Wire.put(owner, entry));
        }
    }

    @Override
    public void remove(String entryId) {
        synchronized (sending) {
            String owner;
            synchronized (this) {
                owner = requireOpen();
                if (own.remove(entryId) == null) {
                    return;
                }
                listener.removed(entryId);
            }
            send(Wire.remove(owner, entryId));
        }
    }

    @Override
    public void replayed(String memberId) {
        synchronized (sending) {
            String owner;
            synchronized (this) {
                owner = requireOpen();
                ownReplayed = true;
                if (replayed.add(owner)) {
                    listener.replayed(owner);
                }
            }
            send(Wire.replayed(owner));
        }
    }

    @Override
    public synchronized void retain(Set<String> memberIds) {
        for (String owner : new ArrayList<>(others.keySet())) {
            if (!memberIds.contains(owner)) {
                drop(owner);
            }
        }
        replayed.removeIf(id -> !memberIds.contains(id) && (local == null || !id.equals(local.id())));
    }

    /** Withdraws this member's entries from the others and stops delivering; a later {@link #open} starts over. */
    @Override
    public void close() {
        synchronized (sending) {
            String owner;
            synchronized (this) {
                if (local == null) {
                    return;
                }
                owner = local.id();
                own.clear();
                ownReplayed = false;
                replayed.remove(owner);
                listener = null;
                local = null;
            }
            send(Wire.snapshot(owner, List.of(), false, false));
        }
    }

    @Override
    public void channelOpened(JChannel channel) throws Exception {
        ForkChannel next = new ForkChannel(channel, "foundation", "registry", true, ProtocolStack.Position.ABOVE,
                channel.getProtocolStack().getTopProtocol().getClass());
        next.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                EmbeddedStore.this.receive(message);
            }

            @Override
            public void viewAccepted(View view) {
                EmbeddedStore.this.viewAccepted(view);
            }
        });
        next.connect(channel.getClusterName());
        synchronized (this) {
            fork = next;
            viewAccepted(channel.getView());
            // Members that multicast their entries before this fork existed are asked again.
            announce(true);
            digests = announcer.scheduleWithFixedDelay(this::sendDigest, DIGEST_INTERVAL_MILLIS,
                    DIGEST_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelClosing(JChannel channel) {
        ForkChannel closing;
        synchronized (this) {
            closing = fork;
            fork = null;
            viewMembers.clear();
            pulled.clear();
            if (digests != null) {
                digests.cancel(false);
                digests = null;
            }
        }
        if (closing != null) {
            closing.close();
        }
    }

    @Deactivate
    void deactivate() {
        channelClosing(null);
        announcer.shutdownNow();
    }

    synchronized void viewAccepted(View view) {
        if (fork == null) {
            return;
        }
        boolean newcomers = false;
        for (Address member : view.getMembers()) {
            newcomers |= !viewMembers.contains(member) && !member.equals(fork.getAddress());
        }
        viewMembers.clear();
        viewMembers.addAll(view.getMembers());
        senders.entrySet().stream().filter(s -> !viewMembers.contains(s.getValue())).map(Map.Entry::getKey)
                .toList().forEach(this::drop);
        if (newcomers) {
            announce(false);
        }
        pulled.keySet().removeIf(owner -> !senders.containsKey(owner));
        try {
            announcer.execute(this::sendDigest);
        } catch (RejectedExecutionException stopped) {
            LOG.trace("registry store stopped; no digest sent");
        }
    }

    void receive(Message message) {
        Wire.Message decoded;
        try {
            decoded = Wire.decode(message.getArray(), message.getOffset(), message.getLength());
        } catch (IOException | RuntimeException e) {
            dropGarbage(message.getSrc(), e);
            return;
        }
        synchronized (this) {
            Address source = message.getSrc();
            if (!viewMembers.isEmpty() && !viewMembers.contains(source)) {
                return;
            }
            if (decoded.kind() == Wire.Kind.PULL) {
                if (local != null && decoded.owner().equals(local.id())) {
                    announce(false);
                }
                return;
            }
            if (local != null && decoded.owner().equals(local.id())) {
                return;
            }
            if (decoded.kind() == Wire.Kind.DIGEST) {
                compare(decoded.owner(), decoded.digest(), source);
                return;
            }
            apply(decoded, source);
            if (decoded.request()) {
                announce(false);
            }
        }
    }

    /**
     * Asks {@code owner} for all of its entries when the copy here differs from its digest. The digest travels in
     * order after the owner's changes, so a difference means a change that never arrived, not one on its way.
     * A replay mark the owner no longer claims stays: marks are only ever cleared when the owner leaves.
     */
    private void compare(String owner, Wire.Digest digest, Address source) {
        OwnerCopy copy = others.get(owner);
        boolean replayedHere = replayed.contains(owner);
        Wire.Digest mine = copy == null ? new Wire.Digest(0, 0, replayedHere) : copy.digest(replayedHere);
        if (mine.count() == digest.count() && mine.hash() == digest.hash()
                && (replayedHere || !digest.replayed())) {
            pulled.remove(owner);
            return;
        }
        long now = System.nanoTime();
        Long last = pulled.get(owner);
        if (last != null && now - last < PULL_INTERVAL) {
            return;
        }
        pulled.put(owner, now);
        LOG.debug("Registry copy of {} differs from its digest ({} entries here, {} there); asking it for all",
                owner, mine.count(), digest.count());
        try {
            announcer.execute(() -> send(source, Wire.pull(owner)));
        } catch (RejectedExecutionException stopped) {
            LOG.trace("registry store stopped; {} not asked", owner);
        }
    }

    private void apply(Wire.Message message, Address source) {
        String owner = message.owner();
        senders.put(owner, source);
        OwnerCopy entries = others.computeIfAbsent(owner, o -> new OwnerCopy());
        switch (message.kind()) {
            case PUT -> {
                Entry entry = message.entries().get(0);
                entries.put(entry);
                tellPut(entry);
            }
            case REMOVE -> {
                if (entries.remove(message.entryId()) != null) {
                    tellRemoved(message.entryId());
                }
            }
            case REPLAYED -> markReplayed(owner);
            case DIGEST, PULL -> throw new IllegalArgumentException("not a change: " + message.kind());
            case SNAPSHOT -> {
                Map<String, Entry> next = new HashMap<>();
                message.entries().forEach(e -> next.put(e.id(), e));
                for (String gone : new ArrayList<>(entries.ids())) {
                    if (!next.containsKey(gone)) {
                        entries.remove(gone);
                        tellRemoved(gone);
                    }
                }
                next.values().forEach(e -> {
                    if (!e.equals(entries.put(e))) {
                        tellPut(e);
                    }
                });
                if (message.replayed()) {
                    markReplayed(owner);
                }
            }
        }
    }

    private void markReplayed(String owner) {
        if (replayed.add(owner) && listener != null) {
            listener.replayed(owner);
        }
    }

    private void drop(String owner) {
        senders.remove(owner);
        replayed.remove(owner);
        OwnerCopy entries = others.remove(owner);
        if (entries != null) {
            entries.ids().forEach(this::tellRemoved);
        }
    }

    private void tellPut(Entry entry) {
        if (listener != null) {
            listener.put(entry);
        }
    }

    private void tellRemoved(String entryId) {
        if (listener != null) {
            listener.removed(entryId);
        }
    }

    /**
     * Soon multicasts all of this member's entries, as they are then, in order with its other changes; with
     * {@code request}, asks every other member for theirs. Nothing goes out until the store is open and connected.
     */
    private void announce(boolean request) {
        if (!request && !snapshotQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            announcer.execute(() -> {
                if (!request) {
                    snapshotQueued.set(false);
                }
                synchronized (sending) {
                    byte[] snapshot;
                    synchronized (this) {
                        if (local == null || fork == null) {
                            return;
                        }
                        snapshot = Wire.snapshot(local.id(), own.values(), ownReplayed, request);
                    }
                    send(snapshot);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.trace("registry store stopped; entries not announced");
        }
    }

    /** Multicasts the digest of this member's entries, in order with its changes. */
    private void sendDigest() {
        synchronized (sending) {
            byte[] digest;
            synchronized (this) {
                if (local == null || fork == null) {
                    return;
                }
                digest = Wire.digest(local.id(), own.digest(ownReplayed));
            }
            send(digest);
        }
    }

    private String requireOpen() {
        if (local == null) {
            throw new IllegalStateException("the embedded registry store is not open");
        }
        return local.id();
    }

    private void send(byte[] payload) {
        send(null, payload);
    }

    /** To {@code target}, or to every member with {@code null}. */
    private void send(Address target, byte[] payload) {
        ForkChannel channel;
        synchronized (this) {
            channel = fork;
        }
        if (channel == null) {
            return;
        }
        try {
            channel.send(new BytesMessage(target, payload).setFlag(Message.TransientFlag.DONT_LOOPBACK));
        } catch (Exception e) {
            LOG.warn("Registry message not sent: {}; members that missed a change notice it by the next digest",
                    e.toString());
        }
    }

    private void dropGarbage(Address source, Exception cause) {
        long count = garbage.incrementAndGet();
        long now = System.nanoTime();
        long last = garbageLogged.get();
        if (now - last >= GARBAGE_LOG_INTERVAL && garbageLogged.compareAndSet(last, now)) {
            LOG.warn("Dropped an unreadable registry message from {}: {} ({} dropped so far)", source,
                    cause.getMessage(), count);
        }
    }
}
