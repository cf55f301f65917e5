package io.foundation.core.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.fork.ForkChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.MessageBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.Member;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Health;
import io.foundation.api.registry.RegistryStore;

/** The embedded store between real JGroups channels in this JVM (shared loopback, no sockets). */
class EmbeddedStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Loses registry messages of one kind after the stack delivered them, as a member does that drops a multicast
     * from a sender outside its view.
     */
    private static final class Lose extends Protocol {
        private volatile Wire.Kind kind;
        private final AtomicInteger remaining = new AtomicInteger();

        void next(Wire.Kind lost, int count) {
            kind = lost;
            remaining.set(count);
        }

        int remaining() {
            return remaining.get();
        }

        @Override
        public Object up(Message message) {
            return loses(message) ? null : up_prot.up(message);
        }

        @Override
        public void up(MessageBatch batch) {
            batch.removeIf(this::loses, true);
            if (!batch.isEmpty()) {
                up_prot.up(batch);
            }
        }

        private boolean loses(Message message) {
            Wire.Kind target = kind;
            if (target == null || message.getLength() < 3 || remaining.get() <= 0) {
                return false;
            }
            byte[] bytes = message.getArray();
            int at = message.getOffset();
            return bytes[at] == Wire.MAGIC && bytes[at + 2] == target.ordinal()
                    && remaining.getAndDecrement() > 0;
        }
    }

    /** One member: its channel, its store and what the store told it. */
    private static final class Node implements RegistryStore.Listener {
        final Member member;
        final JChannel channel;
        final EmbeddedStore store = new EmbeddedStore();
        final Map<String, Entry> entries = new ConcurrentHashMap<>();
        final Set<String> replayed = ConcurrentHashMap.newKeySet();
        final Lose lose = new Lose();

        Node(String id, String cluster) throws Exception {
            member = new Member(id, "node-" + id, new InetSocketAddress("127.0.0.1", 0), Map.of(), 0);
            channel = new JChannel(new SHARED_LOOPBACK(), new DISCARD(), new SHARED_LOOPBACK_PING(),
                    new MERGE3().setMinInterval(300).setMaxInterval(1000),
                    new FD_ALL3().setTimeout(1500).setInterval(300), new NAKACK2(), new UNICAST3(), new STABLE(),
                    new GMS().setJoinTimeout(500).printLocalAddress(false), new FRAG2(), lose);
            channel.name(member.name());
            store.open(member, this);
            channel.connect(cluster);
            store.channelOpened(channel);
        }

        @Override
        public void put(Entry entry) {
            entries.put(entry.id(), entry);
        }

        @Override
        public void removed(String entryId) {
            entries.remove(entryId);
        }

        @Override
        public void replayed(String memberId) {
            replayed.add(memberId);
        }

        Entry register(String id, String name) {
            Entry entry = new Entry(id, name, Set.of("x"), Map.of("zone", "a"), "tcp://" + id, member.id(),
                    member.name(), Health.PASSING, 1);
            store.put(entry);
            return entry;
        }

        void stop() {
            store.deactivate();
            channel.close();
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final String cluster = "registry-" + System.nanoTime();

    @AfterEach
    void stopAll() {
        nodes.forEach(Node::stop);
    }

    private Node start(String id) throws Exception {
        Node node = new Node(id, cluster);
        nodes.add(node);
        return node;
    }

    @Test
    void aJoinerReceivesEveryOwnersEntriesAndReplayMarks() throws Exception {
        Node a = start("a");
        Entry first = a.register("e1", "db");
        a.store.replayed(a.member.id());
        Node b = start("b");
        b.register("e2", "db");
        b.store.replayed(b.member.id());
        Node c = start("c");

        for (Node n : List.of(a, b, c)) {
            await().atMost(WAIT).until(() -> n.entries.keySet().equals(Set.of("e1", "e2")));
            await().atMost(WAIT).until(() -> n.replayed.containsAll(Set.of("a", "b")));
        }
        assertThat(c.entries.get("e1")).isEqualTo(first);

        Entry changed = first.withHealth(Health.WARNING);
        a.store.put(changed);
        a.store.remove("missing");
        b.store.remove("e2");
        await().atMost(WAIT).until(() -> c.entries.equals(Map.of("e1", changed)));
    }

    @Test
    void departedMembersEntriesGo() throws Exception {
        Node a = start("a");
        Node b = start("b");
        Node c = start("c");
        c.register("e3", "cache");
        c.store.replayed(c.member.id());
        await().atMost(WAIT).until(() -> a.entries.containsKey("e3") && b.entries.containsKey("e3"));

        nodes.remove(c);
        c.stop();
        await().atMost(WAIT).until(() -> a.entries.isEmpty() && b.entries.isEmpty());

        b.register("e4", "cache");
        await().atMost(WAIT).until(() -> a.entries.containsKey("e4"));
        a.store.retain(Set.of("a"));
        assertThat(a.entries).isEmpty();
    }

    @Test
    void afterAPartitionHealsEachSideLearnsWhatTheOtherRegistered() throws Exception {
        Node a = start("a");
        Node b = start("b");
        await().atMost(WAIT).until(() -> a.channel.getView().size() == 2 && b.channel.getView().size() == 2);

        DISCARD cut = b.channel.getProtocolStack().findProtocol(DISCARD.class);
        cut.discardAll(true);
        await().atMost(WAIT).until(() -> a.channel.getView().size() == 1 && b.channel.getView().size() == 1);
        a.register("during-a", "svc");
        b.register("during-b", "svc");
        assertThat(a.entries).doesNotContainKey("during-b");

        cut.discardAll(false);
        await().atMost(WAIT).until(() -> a.channel.getView().size() == 2 && b.channel.getView().size() == 2);
        await().atMost(WAIT).until(() -> a.entries.keySet().equals(Set.of("during-a", "during-b"))
                && b.entries.keySet().equals(Set.of("during-a", "during-b")));
    }

    @Test
    void entriesLostAfterAMergeAreRepairedByTheOwnersDigests() throws Exception {
        Node a = start("a");
        Node b = start("b");
        b.register("before-b", "svc");
        b.store.replayed(b.member.id());
        await().atMost(WAIT).until(() -> a.entries.containsKey("before-b") && a.replayed.contains("b"));

        DISCARD cut = b.channel.getProtocolStack().findProtocol(DISCARD.class);
        cut.discardAll(true);
        await().atMost(WAIT).until(() -> a.channel.getView().size() == 1 && b.channel.getView().size() == 1);
        assertThat(a.entries).isEmpty();
        b.register("during-b", "svc");
        a.lose.next(Wire.Kind.SNAPSHOT, 1);

        cut.discardAll(false);
        await().atMost(WAIT).until(() -> a.channel.getView().size() == 2 && b.channel.getView().size() == 2);
        await().atMost(WAIT).until(() -> a.entries.keySet().equals(Set.of("before-b", "during-b"))
                && a.replayed.contains("b"));
        assertThat(a.lose.remaining()).isZero();
    }

    @Test
    void aLostChangeIsRepairedByTheOwnersDigests() throws Exception {
        Node a = start("a");
        Node b = start("b");
        b.register("e1", "svc");
        Entry e2 = b.register("e2", "svc");
        await().atMost(WAIT).until(() -> a.entries.keySet().equals(Set.of("e1", "e2")));

        a.lose.next(Wire.Kind.REMOVE, 1);
        b.store.remove("e1");
        await().atMost(WAIT).until(() -> a.entries.keySet().equals(Set.of("e2")));
        assertThat(a.lose.remaining()).isZero();

        Entry warning = new Entry(e2.id(), e2.name(), e2.capabilities(), e2.metadata(), e2.endpoint(), e2.owner(),
                e2.ownerName(), Health.WARNING, 2);
        a.lose.next(Wire.Kind.PUT, 1);
        b.store.put(warning);
        await().atMost(WAIT).until(() -> warning.equals(a.entries.get("e2")));
        assertThat(a.lose.remaining()).isZero();
    }

    @Test
    void garbageFromTheWireIsDroppedAndTheStoreKeepsServing() throws Exception {
        Node a = start("a");
        Node b = start("b");
        JChannel raw = new JChannel(new SHARED_LOOPBACK(), new SHARED_LOOPBACK_PING(), new NAKACK2(),
                new UNICAST3(), new STABLE(), new GMS().setJoinTimeout(500).printLocalAddress(false), new FRAG2());
        try (raw) {
            raw.connect(cluster);
            ForkChannel fork = new ForkChannel(raw, "foundation", "registry", true, ProtocolStack.Position.ABOVE,
                    FRAG2.class);
            fork.connect(cluster);
            await().atMost(WAIT).until(() -> a.channel.getView().size() == 3);
            fork.send(new BytesMessage(null, new byte[] {1, 2, 3}));
            fork.send(new BytesMessage(null, new byte[] {'R', 9, 0}));
            fork.send(new BytesMessage(null, hugeSnapshot()));
            fork.send(new BytesMessage(null, Arrays.copyOf(Wire.put("x", new Entry("e", "n", Set.of(),
                    Map.of(), "", "x", "x", Health.PASSING, 1)), 20)));
            fork.send(new BytesMessage(null, Wire.put("y", new Entry("forged", "n", Set.of(), Map.of(), "", "x",
                    "x", Health.PASSING, 1))));
            fork.send(new BytesMessage(null, Arrays.copyOf(Wire.digest("x", new Wire.Digest(1, 7, true)), 12)));
            fork.send(new BytesMessage(null, negativeDigest()));
            b.register("after", "svc");
            await().atMost(WAIT).until(() -> a.entries.containsKey("after"));
            assertThat(a.entries).containsOnlyKeys("after");
        }
    }

    /** A digest claiming a negative number of entries. */
    private static byte[] negativeDigest() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(Wire.MAGIC);
        out.writeByte(Wire.VERSION);
        out.writeByte(Wire.Kind.DIGEST.ordinal());
        out.writeUTF("x");
        out.writeByte(1);
        out.writeInt(-1);
        out.writeLong(0);
        return bytes.toByteArray();
    }

    /** A well-formed header claiming more entries than a message may carry. */
    private static byte[] hugeSnapshot() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(Wire.MAGIC);
        out.writeByte(Wire.VERSION);
        out.writeByte(Wire.Kind.SNAPSHOT.ordinal());
        out.writeUTF("x");
        out.writeByte(0);
        out.writeInt(Integer.MAX_VALUE);
        return bytes.toByteArray();
    }
}
