package io.foundation.core.internal.lease;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.fork.ForkChannel;
import org.jgroups.protocols.raft.ELECTION;
import org.jgroups.protocols.raft.FileBasedLog;
import org.jgroups.protocols.raft.InMemoryLog;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.raft.RaftHandle;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.NameCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.core.internal.lease.LeaseTable.Entry;
import io.foundation.core.internal.lease.LeaseTable.Verdict;

/**
 * Leases agreed by a Raft group that runs on a fork of a cluster channel; see {@link ConsensusLeases} for why and
 * how. Claims outlive the group: {@link #open} starts Raft on a channel, {@link #shut} stops it (holders are told
 * they lost their leases), and claims carry on when the next channel opens.
 *
 * <p>The rules that keep two members from ever holding a lease at once, with {@code L} the lease duration and
 * {@code M = L/4} the margin: a holder counts its lease as valid until the send time of its last confirmed acquire
 * or renewal + {@code L - M}, renews every {@code L/3} and is told {@code lost} {@code M/2} before that instant if
 * no renewal was confirmed. A claimant takes over a held lease only by a compare-and-set on the (holder, renewals)
 * it has seen unchanged for {@code L + M} of its own time since it first saw them; every change of a lease counts
 * as a renewal, so the compare-and-set fails if the holder renewed in between. The holder's confirmation was sent
 * before the commit the claimant saw, so the holder stops at least {@code 2M} before the claimant may start, as
 * long as clocks run at about the same rate. All lease state and every call to a {@link LeaseHolder} is on one
 * thread.
 */
final class LeaseGroup implements Leases, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseGroup.class);
    static final String FORK_STACK = "foundation-lease";
    /** How many tenths of a lease a view change waits for a leader before stale leases are given up. */
    private static final int STALE_TRIES = 20;
    /** How many leases the group may lack a leader, with a majority of its members in the view, before a WARN. */
    private static final int LEADERLESS_LEASES = 5;
    static final String NO_MEMBERS = "strict singletons need consensus members: set members=... in "
            + "etc/io.foundation.consensus.cfg";

    /** How a group runs: its members (raft ids = node names), lease duration in ms, and where its log lives. */
    record Settings(List<String> members, long lease, Optional<Path> logDir) {
    }

    /** Raft as it runs on one channel. */
    private record Consensus(ForkChannel fork, ELECTION election, RaftHandle raft, LeaseTable table, String node,
            Settings settings) {
    }

    private final ScheduledExecutorService serial;
    private volatile Thread leaseThread;
    private final Map<String, Claim> claims = new HashMap<>();
    private volatile Consensus consensus;
    private volatile String stopped = "consensus is not running (the node has no cluster channel)";
    /**
     * The leader last logged; since when (System.nanoTime) this node has had no leader while a majority of the
     * members is in its view, 0 otherwise; whether that was warned of; when it may start a vote of its own next.
     */
    private String loggedLeader;
    private long leaderlessSince;
    private boolean leaderlessWarned;
    private boolean ownVoteWarned;
    private long nextOwnVote;
    /**
     * On the view coordinator: when (nanoTime) the group last committed, or this node started watching it, 0 when
     * not watching; when the last probe was sent, whether one is out, and whether an election was started for it.
     */
    private long committedAt;
    private long probedAt;
    private boolean probing;
    private boolean electionStarted;
    private ScheduledFuture<?> watch;

    LeaseGroup() {
        serial = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "foundation-leases");
            t.setDaemon(true);
            leaseThread = t;
            return t;
        });
    }

    /** Starts Raft on a fork of {@code channel} (connected, named after its node) and resumes every claim. */
    void open(JChannel channel, Settings settings) throws Exception {
        String node = channel.getName();
        // No sendCommitsImmediately: jgroups-raft 1.1 sends that commit notice to every follower, and a follower
        // commits its own log up to the leader's commit index without checking that it matches the leader's. A
        // leader cut off by a partition keeps entries the majority never saw; on the merge it would commit them,
        // and then refuse ever to truncate them ("cannot delete entries <= n as commit_index is higher"), so its
        // log and lease table stay wrong for good. The resend task sends a commit notice only to followers whose
        // log is known to match; followers learn commits within a resend interval.
        RAFT raft = new RAFT().raftId(node).members(settings.members())
                .resendInterval(Math.max(50, settings.lease() / 10));
        if (settings.logDir().isPresent()) {
            Files.createDirectories(settings.logDir().get());
            raft.logClass(FileBasedLog.class.getName()).logDir(settings.logDir().get().toString())
                    .logPrefix("leases-" + node);
        } else {
            // InMemoryLog keeps logs by name for the life of the JVM: reopening keeps this node's term and vote.
            raft.logClass(InMemoryLog.class.getName()).logPrefix("leases-" + node);
        }
        LeaseTable table = new LeaseTable();
        ELECTION election = new ELECTION();
        ForkChannel fork = new ForkChannel(channel, FORK_STACK, "leases", true, ProtocolStack.Position.ABOVE,
                channel.getProtocolStack().getTopProtocol().getClass(), election, raft, new REDIRECT());
        RaftHandle handle = new RaftHandle(fork, table);
        fork.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View view) {
                runOnLeaseThreadLater(() -> giveUpStale(STALE_TRIES), 0);
                // A node whose fork opened after the election missed the leader's announcement; an entry committed
                // now reaches it with the leader's name, so its claims can be forwarded.
                if (handle.isLeader()) {
                    byte[] touch = LeaseTable.touch(node);
                    try {
                        handle.setAsync(touch, 0, touch.length, null);
                    } catch (Exception e) {
                        LOG.debug("Could not announce the consensus leader: {}", e.toString());
                    }
                }
            }
        });
        try {
            fork.connect(channel.getClusterName());
        } catch (Exception e) {
            fork.close();
            throw e;
        }
        Consensus next = new Consensus(fork, election, handle, table, node, settings);
        serial.execute(() -> {
            consensus = next;
            stopped = null;
            claims.values().forEach(Claim::tick);
            long every = Math.max(50, settings.lease() / 4);
            watch = serial.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
        });
        LOG.info("Strict singleton leases: consensus group {} ({} ms leases, {} log), this node '{}' {}",
                settings.members(), settings.lease(), settings.logDir().map(Path::toString).orElse("in-memory"), node,
                settings.members().contains(node) ? "votes" : "claims through the group without voting");
    }

    /** Stops Raft; holders lose their leases at once, claims wait for the next {@link #open}. */
    void shut(String reason) {
        call(() -> {
            Consensus c = consensus;
            consensus = null;
            stopped = reason;
            if (watch != null) {
                watch.cancel(false);
                watch = null;
            }
            committedAt = 0;
            probing = false;
            leaderlessSince = 0;
            List<CompletableFuture<?>> releases = new ArrayList<>();
            for (Claim claim : claims.values()) {
                boolean held = claim.held;
                claim.lose(reason);
                if (held && c != null) {
                    releases.add(giveUp(c, claim.name));
                }
            }
            if (c != null) {
                // Leases given up now need not expire before another member can take them.
                try {
                    CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new))
                            .get(c.settings.lease() / 3, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    LOG.debug("Leases not all given up before the consensus channel closed: {}", e.toString());
                }
                c.fork.close();
            }
        });
    }

    @Override
    public void close() {
        shut("leases closed");
        serial.shutdownNow();
    }

    @Override
    public void claim(String name, LeaseHolder holder) {
        LeaseTable.invalidName(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        serial.execute(() -> {
            Claim existing = claims.get(name);
            if (existing != null) {
                existing.replace(holder);
                return;
            }
            Claim claim = new Claim(name, holder);
            claims.put(name, claim);
            claim.tick();
        });
    }

    @Override
    public void release(String name) {
        call(() -> {
            Claim claim = claims.remove(name);
            if (claim != null) {
                claim.release();
            }
        });
    }

    @Override
    public Optional<String> problem() {
        Consensus c = consensus;
        if (c == null) {
            return Optional.ofNullable(stopped);
        }
        if (c.settings.members().isEmpty()) {
            return Optional.of(NO_MEMBERS);
        }
        if (c.raft.leader() == null) {
            return Optional.of("no consensus leader: fewer than a majority of the members " + c.settings.members()
                    + " are reachable");
        }
        return Optional.empty();
    }

    /** Runs {@code task} on the lease thread and waits for it, unless already there or the group is closed. */
    private void call(Runnable task) {
        if (serial.isShutdown()) {
            return;
        }
        if (Thread.currentThread() == leaseThread) {
            task.run();
            return;
        }
        try {
            serial.submit(task).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Lease operation failed: {}", e.toString());
        }
    }

    /** This node's claim on one lease; touched only on the lease thread. */
    private final class Claim {

        private final String name;
        private LeaseHolder holder;
        private boolean released;
        private boolean held;
        private long fence;
        private long duration;
        /** The lease as last seen, and when (nanoTime) this node first saw that same holder and renewal count. */
        private Entry seen;
        private long seenSince;
        /** Bumped whenever answers to commands already sent must be ignored. */
        private long epoch;
        /** Since when (nanoTime) no command of this claim was answered, 0 while they are; and whether that was told. */
        private long unansweredSince;
        private boolean unansweredWarned;
        private boolean asking;
        private ScheduledFuture<?> next;
        private ScheduledFuture<?> deadline;

        Claim(String name, LeaseHolder holder) {
            this.name = name;
            this.holder = holder;
        }

        void tick() {
            if (released) {
                return;
            }
            Consensus c = consensus;
            // Without members there is no group to ask; the fork still runs so that the group's messages find it.
            if (c != null && !asking && !c.settings.members().isEmpty()) {
                if (held) {
                    send(c, LeaseTable.renew(name, c.node), this::renewed);
                } else {
                    see(c.table.get(name), System.nanoTime());
                    long waited = System.nanoTime() - seenSince;
                    if (seen.free() || seen.holder().equals(c.node) || waited >= takeOverAfter(c)) {
                        long lease = c.settings.lease();
                        send(c, LeaseTable.acquire(name, c.node, seen.holder(), seen.renewals(), lease),
                                (sent, verdict) -> acquired(sent, verdict, lease));
                    }
                }
            }
            schedule(c);
        }

        private void schedule(Consensus c) {
            if (next != null) {
                next.cancel(false);
            }
            long lease = c != null ? c.settings.lease() : 1000;
            next = serial.schedule(this::tick, held ? lease / 3 : lease / 4, TimeUnit.MILLISECONDS);
        }

        /** Keeps the newest state seen; the wait restarts only when the holder or its renewal count changed. */
        private void see(Entry entry, long at) {
            if (seen == null || entry.renewals() > seen.renewals()) {
                seen = entry;
                seenSince = at;
            }
        }

        private long takeOverAfter(Consensus c) {
            long lease = Math.max(seen.duration(), c.settings.lease());
            return TimeUnit.MILLISECONDS.toNanos(lease + lease / 4);
        }

        private void send(Consensus c, byte[] command, Answer answer) {
            long mine = epoch;
            long sent = System.nanoTime();
            asking = true;
            submit(c, command).orTimeout(c.settings.lease() / 3, TimeUnit.MILLISECONDS).whenComplete((bytes, failure) ->
                    runOnLeaseThread(() -> {
                        if (mine != epoch) {
                            return;
                        }
                        asking = false;
                        if (failure != null) {
                            unanswered(c, failure);
                            return;
                        }
                        if (unansweredWarned) {
                            LOG.info("Lease {}: the consensus group answers again", name);
                        }
                        unansweredSince = 0;
                        unansweredWarned = false;
                        Verdict verdict;
                        try {
                            verdict = LeaseTable.verdict(bytes);
                        } catch (IllegalArgumentException e) {
                            LOG.warn("Lease {}: unreadable answer from the consensus group: {}", name, e.getMessage());
                            return;
                        }
                        answer.accept(sent, verdict);
                    }));
        }

        /**
         * Logs a command that got no answer at DEBUG, and at WARN once when none got one for
         * {@value LeaseGroup#LEADERLESS_LEASES} leases: with a leader in place that means the group cannot commit.
         */
        private void unanswered(Consensus c, Throwable failure) {
            LOG.debug("Lease {}: {}", name, failure.toString());
            long now = System.nanoTime();
            if (unansweredSince == 0) {
                unansweredSince = now;
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(now - unansweredSince);
            if (!unansweredWarned && waited > LEADERLESS_LEASES * c.settings.lease()) {
                LOG.warn("Lease {}: the consensus group has answered none of this node's commands for {} ms "
                        + "(leader {}, term {}, commit index {}): {}", name, waited, leaderName(c),
                        c.raft.currentTerm(), c.raft.commitIndex(), failure.toString());
                unansweredWarned = true;
            }
        }

        private void acquired(long sent, Verdict verdict, long lease) {
            see(verdict.entry(), System.nanoTime());
            if (!verdict.done() || held) {
                return;
            }
            held = true;
            fence = verdict.entry().fence();
            duration = lease;
            extend(sent);
            tell(h -> h.granted(fence));
            schedule(consensus);
        }

        private void renewed(long sent, Verdict verdict) {
            see(verdict.entry(), System.nanoTime());
            if (!held) {
                return;
            }
            if (verdict.done()) {
                extend(sent);
            } else {
                lose("the lease is held by '" + verdict.entry().holder() + "' now");
            }
        }

        /** Counts the lease valid until {@code sent} + L - M, and arranges to tell the holder M/2 before that. */
        private void extend(long sent) {
            long margin = duration / 4;
            long lostAt = sent + TimeUnit.MILLISECONDS.toNanos(duration - margin - margin / 2);
            if (deadline != null) {
                deadline.cancel(false);
            }
            long mine = epoch;
            deadline = serial.schedule(() -> {
                if (mine == epoch && held) {
                    lose("no majority of the consensus group confirmed the lease in time");
                }
            }, lostAt - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        void lose(String reason) {
            epoch++;
            asking = false;
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (held) {
                held = false;
                LOG.info("Lease {} lost: {}", name, reason);
                tell(h -> h.lost(reason));
            }
        }

        void replace(LeaseHolder next) {
            if (held) {
                tell(h -> h.lost("claim replaced"));
                holder = next;
                tell(h -> h.granted(fence));
            } else {
                holder = next;
            }
        }

        void release() {
            released = true;
            epoch++;
            if (next != null) {
                next.cancel(false);
            }
            if (deadline != null) {
                deadline.cancel(false);
            }
            held = false;
            Consensus c = consensus;
            // Sent even if not held: an acquire still on its way may have made this node the holder.
            if (c != null) {
                giveUpUntil(name, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.settings.lease()));
            }
        }

        private void tell(Consumer<LeaseHolder> call) {
            try {
                call.accept(holder);
            } catch (RuntimeException e) {
                LOG.error("Lease {}: the holder failed: {}", name, e.toString(), e);
            }
        }
    }

    private static CompletableFuture<byte[]> giveUp(Consensus c, String name) {
        return submit(c, LeaseTable.release(name, c.node));
    }

    /** Hands {@code command} to the group; a refusal (no leader to forward it to) comes back as a failed future. */
    private static CompletableFuture<byte[]> submit(Consensus c, byte[] command) {
        try {
            return c.raft.setAsync(command, 0, command.length, null);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Gives a released lease up through the group, again every tenth of a lease while the group cannot take it
     * (right after a merge it has no leader yet), until the lease would have expired anyway: the next owner then
     * starts as soon as the group is back instead of waiting out the lease. A new claim here for the same name
     * ends the retries; a release still on its way is ordered before that claim's acquire.
     */
    private void giveUpUntil(String name, long until) {
        Consensus c = consensus;
        if (c == null || claims.containsKey(name)) {
            return;
        }
        giveUp(c, name).orTimeout(c.settings.lease() / 3, TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (failure == null) {
                return;
            }
            if (System.nanoTime() - until < 0) {
                runOnLeaseThreadLater(() -> giveUpUntil(name, until), retryEvery(c));
            } else {
                LOG.info("Lease {}: could not give it up ({}); it expired on its own", name, failure.toString());
            }
        });
    }

    /**
     * Gives up, once, each lease the table still names this node for although it no longer claims it: its release
     * found no leader (a partition) and its retries ran out. For this node the lease expired long ago, but a
     * claimant counts a lease period from when it first sees the last renewal, which after a merge can be now.
     * Called at every view change; waits up to {@link #STALE_TRIES} tenths of a lease for the group to have a
     * leader. One command per lease and view change: a stream of them while leaders change was what the retries
     * were kept short for.
     */
    private void giveUpStale(int triesLeft) {
        Consensus c = consensus;
        if (c == null) {
            return;
        }
        if (c.raft.leader() == null) {
            if (triesLeft > 0) {
                runOnLeaseThreadLater(() -> giveUpStale(triesLeft - 1), retryEvery(c));
            }
            return;
        }
        for (String name : c.table.heldBy(c.node)) {
            if (!claims.containsKey(name)) {
                LOG.debug("Lease {}: still recorded for this node, which no longer claims it; giving it up", name);
                giveUp(c, name);
            }
        }
    }

    /** Every quarter lease: logs the leader, and on the view coordinator checks that the group still commits. */
    private void watch() {
        Consensus c = consensus;
        if (c == null || c.settings.members().isEmpty()) {
            return;
        }
        View view = c.fork.getView();
        List<String> present = view == null ? List.of() : view.getMembers().stream()
                .map(LeaseGroup::nameOf).filter(c.settings.members()::contains).toList();
        boolean majority = present.size() > c.settings.members().size() / 2;
        watchLeader(c, present, majority);
        if (majority && c.fork.getAddress().equals(view.getCoord())) {
            watchCommits(c, present);
        } else {
            committedAt = 0;
        }
    }

    /**
     * Logs who leads the group whenever that changes, and a WARN when the group has had no leader for
     * {@value #LEADERLESS_LEASES} leases with a majority of its members in the view all along: strict singletons
     * cannot start then, and the log shows since when.
     *
     * <p>A node that has had no leader for a lease with a majority in view starts a vote itself, coordinator or
     * not: it may be one of the members that ignore a leader elected at a lower term (see {@link #watchCommits}),
     * which the coordinator cannot see while that leader still commits with the others. Any node can run
     * jgroups-raft's vote (it collects every member's log position and names the best one), and its higher term
     * moves the whole group past the stale one. At most one such vote per lease and a random fraction of one, so
     * that two such nodes seldom compete.
     */
    private void watchLeader(Consensus c, List<String> present, boolean majority) {
        Address leader = c.raft.leader();
        long now = System.nanoTime();
        if (leader != null || !majority) {
            if (leader != null) {
                String name = nameOf(leader);
                if (leaderlessWarned || ownVoteWarned) {
                    LOG.info("Consensus leader {} (term {}) after {} ms without one", name, c.raft.currentTerm(),
                            TimeUnit.NANOSECONDS.toMillis(now - leaderlessSince));
                } else if (!name.equals(loggedLeader)) {
                    LOG.info("Consensus leader is {} (term {})", name, c.raft.currentTerm());
                }
                loggedLeader = name;
            }
            leaderlessSince = 0;
            leaderlessWarned = false;
            ownVoteWarned = false;
            return;
        }
        if (leaderlessSince == 0) {
            leaderlessSince = now;
        }
        long lease = c.settings.lease();
        long leaderless = TimeUnit.NANOSECONDS.toMillis(now - leaderlessSince);
        if (!leaderlessWarned && leaderless > LEADERLESS_LEASES * lease) {
            LOG.warn("The consensus group has had no leader for {} ms although {} of its members {} are in the view; "
                    + "strict singletons cannot start until it has one", leaderless, present, c.settings.members());
            leaderlessWarned = true;
        }
        if (leaderless > lease && now - nextOwnVote >= 0 && !c.election.isVotingThreadRunning()) {
            if (!ownVoteWarned) {
                LOG.warn("This node has had no consensus leader for {} ms with {} of the members {} in the view "
                        + "(term {}) and no election running; it starts one", leaderless, present,
                        c.settings.members(), c.raft.currentTerm());
                ownVoteWarned = true;
            }
            nextOwnVote = now + TimeUnit.MILLISECONDS.toNanos(lease + ThreadLocalRandom.current().nextLong(lease));
            c.election.startVotingThread();
        }
    }

    /**
     * On the view coordinator, with a majority of the members in the view: commits a no-op every half lease, and
     * starts an election when none was committed for a lease and no election is running.
     *
     * <p>jgroups-raft 1.1's ELECTION elects only on a view change, and only on the view coordinator, so two states
     * that need no view change to arise would last for good. A vote request that arrives after its round ended (its
     * sender was frozen, or lost its majority since) moves members to a higher term, which clears their leader.
     * And members that took part in a vote on a side without a majority (the rounds still raise their term) ignore,
     * without an answer, a leader elected after the merge at a lower term: that leader keeps leading the rest, and
     * once the rest is not a majority nothing commits. Either way the group has a majority in view and commits
     * nothing; a new election, whose rounds raise the term until a majority answers, ends both.
     */
    private void watchCommits(Consensus c, List<String> present) {
        long now = System.nanoTime();
        long lease = c.settings.lease();
        if (committedAt == 0) {
            committedAt = now;
        }
        if (!probing && now - probedAt >= TimeUnit.MILLISECONDS.toNanos(lease / 2)) {
            probing = true;
            probedAt = now;
            submit(c, LeaseTable.touch(c.node)).orTimeout(lease / 3, TimeUnit.MILLISECONDS)
                    .whenComplete((ok, failure) -> runOnLeaseThread(() -> {
                if (consensus != c) {
                    return;
                }
                probing = false;
                if (failure == null) {
                    if (electionStarted) {
                        LOG.info("The consensus group commits again");
                    }
                    committedAt = System.nanoTime();
                    electionStarted = false;
                }
            }));
        }
        long stuck = TimeUnit.NANOSECONDS.toMillis(now - committedAt);
        if (stuck > lease && !c.election.isVotingThreadRunning()) {
            if (!electionStarted) {
                LOG.warn("The consensus group has committed nothing for {} ms with {} of its members {} in the view "
                        + "(leader {}, term {}); this node coordinates the view and starts an election", stuck,
                        present, c.settings.members(), leaderName(c), c.raft.currentTerm());
                electionStarted = true;
            }
            committedAt = now;
            c.election.runVotingThread();
        }
    }

    private static String leaderName(Consensus c) {
        Address leader = c.raft.leader();
        return leader == null ? "none" : nameOf(leader);
    }

    private static String nameOf(Address address) {
        String name = NameCache.get(address);
        return name != null ? name : address.toString();
    }

    private static long retryEvery(Consensus c) {
        return Math.max(50, c.settings.lease() / 10);
    }

    private void runOnLeaseThreadLater(Runnable task, long millis) {
        try {
            serial.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.trace("lease thread stopped; {} not run", task);
        }
    }

    private void runOnLeaseThread(Runnable task) {
        if (!serial.isShutdown()) {
            serial.execute(task);
        }
    }

    @FunctionalInterface
    private interface Answer {
        void accept(long sentNanos, Verdict verdict);
    }
}
