package io.foundation.core.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FORK;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.LOCAL_PING;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.ExtendedUUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three consensus members in one JVM, each on its own real TCP channel on loopback, with a fourth node outside the
 * group where a test needs one. Every grant and loss is recorded with one clock, so overlapping holds would show.
 */
class LeaseGroupTest {

    private static final long LEASE = 1000;
    private static final String NAME = "the-singleton";

    private final String cluster = "leases-" + ThreadLocalRandom.current().nextInt(1_000_000);
    private final List<JChannel> channels = new ArrayList<>();
    private final List<LeaseGroup> groups = new ArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path data;

    record Event(String node, boolean granted, long fence, long at) {
    }

    @AfterEach
    void tearDown() {
        groups.forEach(LeaseGroup::close);
        channels.forEach(JChannel::close);
    }

    @Test
    void oneHolderAtATimeAmongAllClaimants() throws Exception {
        start("a", "b", "c");
        List<String> members = List.of(node("a"), node("b"), node("c"));
        groups.forEach(g -> g.claim(NAME, recorder(g)));

        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 1);
        await().during(Duration.ofMillis(3 * LEASE)).atMost(Duration.ofMillis(5 * LEASE))
                .until(() -> granted().size() == 1 && losses() == 0);
        assertThat(members).contains(granted().get(0).node());
        assertThat(groups).allSatisfy(g -> assertThat(g.problem()).isEmpty());
        assertNoOverlap();
    }

    @Test
    void aReleasedLeaseGoesToAnotherClaimantAtOnceWithALargerFence() throws Exception {
        start("a", "b", "c");
        groups.get(0).claim(NAME, recorder(groups.get(0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 1);
        groups.get(1).claim(NAME, recorder(groups.get(1)));

        groups.get(0).release(NAME);

        await().atMost(Duration.ofMillis(LEASE)).until(() -> granted().size() == 2);
        assertThat(granted().get(1).node()).isEqualTo(node("b"));
        assertThat(granted().get(1).fence()).isGreaterThan(granted().get(0).fence());
    }

    @Test
    void whenTheHoldersChannelClosesAnotherMemberGetsTheLeaseAfterAboutALease() throws Exception {
        start("a", "b", "c");
        groups.get(0).claim(NAME, recorder(groups.get(0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 1);
        groups.get(1).claim(NAME, recorder(groups.get(1)));
        groups.get(2).claim(NAME, recorder(groups.get(2)));
        await().during(Duration.ofMillis(2 * LEASE)).atMost(Duration.ofMillis(4 * LEASE))
                .until(() -> granted().size() == 1);

        long closed = System.nanoTime();
        channels.get(0).close();

        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 2);
        Event next = granted().get(1);
        assertThat(next.node()).isIn(node("b"), node("c"));
        assertThat(next.fence()).isGreaterThan(granted().get(0).fence());
        System.out.printf("FAILOVER lease=%d ms: holder channel closed -> next grant in %d ms%n", LEASE,
                TimeUnit.NANOSECONDS.toMillis(next.at() - closed));
        assertNoOverlap();
    }

    @Test
    void aCutOffHolderLosesTheLeaseBeforeTheMajoritySideGrantsIt() throws Exception {
        start("a", "b", "c");
        groups.get(0).claim(NAME, recorder(groups.get(0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 1);
        groups.get(1).claim(NAME, recorder(groups.get(1)));
        groups.get(2).claim(NAME, recorder(groups.get(2)));

        partition(List.of(channels.get(0)), List.of(channels.get(1), channels.get(2)));

        await().atMost(Duration.ofSeconds(30)).until(() -> granted().size() == 2);
        assertThat(events).anySatisfy(e -> assertThat(e).matches(x -> !x.granted() && x.node().equals(node("a"))));
        // The cut-off node learns that it has no leader once its own view drops the others, which on a loaded
        // machine can come after the majority side has granted the lease.
        await("the cut-off node reports that it has no leader").atMost(Duration.ofSeconds(10))
                .until(() -> groups.get(0).problem().isPresent());
        assertNoOverlap();
    }

    @Test
    void aNodeOutsideTheGroupClaimsThroughIt() throws Exception {
        start("a", "b", "c", "outsider");
        LeaseGroup outsider = groups.get(3);

        outsider.claim(NAME, recorder(outsider));

        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 1);
        assertThat(granted().get(0).node()).isEqualTo(node("outsider"));
    }

    @Test
    void aStoppingHolderGivesTheLeaseUpAndRejoinsFromItsFileLog() throws Exception {
        start("a", "b", "c");
        groups.get(0).claim(NAME, recorder(groups.get(0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 1);
        groups.get(1).claim(NAME, recorder(groups.get(1)));

        groups.get(0).shut("restarting");
        channels.get(0).close();
        groups.get(0).close();

        await().atMost(Duration.ofMillis(LEASE)).until(() -> granted().size() == 2);
        assertThat(granted().get(1).node()).isEqualTo(node("b"));
        assertNoOverlap();
        LeaseGroup again = open("a", List.of(node("a"), node("b"), node("c")));
        await().atMost(Duration.ofSeconds(20)).until(() -> again.problem().isEmpty());
    }

    @Test
    void aNodeWithoutMembersReportsWhyAndDisturbsNobody() throws Exception {
        start("a", "b", "c");
        LeaseGroup unconfigured = open("d", List.of());
        unconfigured.claim(NAME, recorder(unconfigured));
        groups.get(1).claim(NAME, recorder(groups.get(1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 1);
        assertThat(granted().get(0).node()).isEqualTo(node("b"));
        assertThat(unconfigured.problem()).contains(LeaseGroup.NO_MEMBERS);
        await().during(Duration.ofMillis(2 * LEASE)).until(() -> granted().size() == 1);
    }

    @Test
    void aGroupLeftWithoutALeaderAndNoElectionRunningElectsOneAgain() throws Exception {
        leaderOfThreeWithTheLeaseHeldBy(1);

        // What a vote request does when it arrives from a coordinator that has lost its majority since it sent it:
        // every member moves to its higher term, which clears the leader, and no view change starts an election.
        long term = rafts().stream().mapToLong(RAFT::currentTerm).max().orElseThrow();
        rafts().forEach(r -> r.currentTerm(term + 1));
        assertThat(rafts()).allSatisfy(r -> assertThat(r.leader()).isNull());

        await("a leader again").atMost(Duration.ofMillis(10 * LEASE))
                .until(() -> rafts().stream().allMatch(r -> r.leader() != null));
        await("the lease granted again").atMost(Duration.ofMillis(10 * LEASE))
                .until(() -> granted().size() == 2);
        assertNoOverlap();
    }

    @Test
    void aLeaderTheOthersIgnoreForItsLowerTermIsReplacedByAnElection() throws Exception {
        RAFT leader = leaderOfThreeWithTheLeaseHeldBy(1);

        // What members that voted on a side without a majority bring to a merge: a term above the leader's. They
        // drop its appends without an answer, it keeps leading, and the coordinator (the leader) sees a leader.
        rafts().stream().filter(r -> r != leader).forEach(r -> r.currentTerm(leader.currentTerm() + 2));

        await("the lease granted again").atMost(Duration.ofMillis(10 * LEASE))
                .until(() -> granted().size() == 2);
        assertNoOverlap();
    }

    @Test
    void aMemberThatIgnoresTheLeaderWhileTheOthersCommitGetsTheGroupToElectAgain() throws Exception {
        long term = leaderOfThreeWithTheLeaseHeldBy(0).currentTerm();

        // Only c has the higher term: it drops the leader's appends, while a and b still commit, so the
        // coordinator (a, the leader) sees nothing wrong.
        RAFT c = rafts().get(2);
        c.currentTerm(term + 2);

        await("c follows a leader again").atMost(Duration.ofMillis(10 * LEASE)).until(() -> c.leader() != null);
        assertThat(rafts()).allSatisfy(r -> assertThat(r.currentTerm()).isGreaterThan(term + 2));
        assertNoOverlap();
    }

    /** Starts a, b and c, lets member {@code holder} take the lease, and returns the leader, a. */
    private RAFT leaderOfThreeWithTheLeaseHeldBy(int holder) throws Exception {
        start("a", "b", "c");
        groups.get(holder).claim(NAME, recorder(groups.get(holder)));
        await().atMost(Duration.ofSeconds(20)).until(() -> granted().size() == 1);
        // With equal logs the first member, which is also the view coordinator, is elected.
        RAFT leader = rafts().get(0);
        assertThat(leader.isLeader()).isTrue();
        return leader;
    }

    private List<RAFT> rafts() {
        return channels.stream().map(c -> {
            FORK fork = c.getProtocolStack().findProtocol(FORK.class);
            return FORK.getForkStack(fork.get(LeaseGroup.FORK_STACK)).<RAFT>findProtocol(RAFT.class);
        }).toList();
    }

    /** Each side drops whatever the other side sends it. */
    private static void partition(List<JChannel> one, List<JChannel> other) throws Exception {
        for (JChannel channel : one) {
            cut(channel, other);
        }
        for (JChannel channel : other) {
            cut(channel, one);
        }
    }

    private static void cut(JChannel channel, List<JChannel> from) throws Exception {
        DISCARD discard = new DISCARD();
        from.forEach(f -> discard.addIgnoreMember(f.getAddress()));
        channel.getProtocolStack().insertProtocol(discard, ProtocolStack.Position.ABOVE, TCP.class);
    }

    private void start(String... names) throws Exception {
        List<String> members = List.of(node("a"), node("b"), node("c"));
        for (String name : names) {
            open(name, members);
        }
    }

    private LeaseGroup open(String name, List<String> members) throws Exception {
        String node = node(name);
        TCP tcp = new TCP();
        tcp.setBindAddress(InetAddress.getLoopbackAddress());
        tcp.setBindPort(0);
        JChannel channel = new JChannel(tcp, new LOCAL_PING(), new MERGE3().setMinInterval(500).setMaxInterval(1000),
                new FD_ALL3().setTimeout(1000).setInterval(250), new VERIFY_SUSPECT2().setTimeout(300),
                new NAKACK2(), new UNICAST3(), new STABLE(), new GMS().setJoinTimeout(500), new FRAG4(), new FORK());
        channel.addAddressGenerator(() -> {
            ExtendedUUID address = ExtendedUUID.randomUUID(node);
            address.put("raft-id", node.getBytes(StandardCharsets.UTF_8));
            return address;
        });
        channel.name(node).connect(cluster);
        LeaseGroup group = new LeaseGroup();
        group.open(channel, new LeaseGroup.Settings(members, LEASE, Optional.of(data.resolve("raft"))));
        channels.add(channel);
        groups.add(group);
        return group;
    }

    private String node(String name) {
        return name + "-" + cluster;
    }

    private LeaseHolder recorder(LeaseGroup group) {
        String node = channels.get(groups.indexOf(group)).getName();
        return new LeaseHolder() {
            @Override
            public void granted(long fence) {
                events.add(new Event(node, true, fence, System.nanoTime()));
            }

            @Override
            public void lost(String reason) {
                events.add(new Event(node, false, 0, System.nanoTime()));
            }
        };
    }

    private List<Event> granted() {
        return events.stream().filter(Event::granted).toList();
    }

    private long losses() {
        return events.stream().filter(e -> !e.granted()).count();
    }

    /** Every grant must come after the loss (or end) of the one before it. */
    private void assertNoOverlap() {
        String holder = null;
        for (Event e : events.stream().sorted(java.util.Comparator.comparingLong(Event::at)).toList()) {
            if (e.granted()) {
                assertThat(holder).as("granted to %s while %s held it", e.node(), holder).isNull();
                holder = e.node();
            } else if (e.node().equals(holder)) {
                holder = null;
            }
        }
    }
}
