package io.foundation.core.internal.lease;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jgroups.JChannel;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.core.internal.node.ChannelUser;

/**
 * Strict singletons' {@link Leases}, agreed by jgroups-raft among the configured consensus members (PID
 * {@code io.foundation.consensus}): never two holders of a lease at once, anywhere, as long as a majority of the
 * members can talk to each other; without a majority no lease is granted or kept.
 *
 * <p>Raft runs on a fork of the node's cluster channel (fork stack {@value LeaseGroup#FORK_STACK}: ELECTION, RAFT,
 * REDIRECT), not on a channel of its own: it shares the node's transport, failure detection and view, so there is
 * no second port, no second discovery and no second idea of who is alive. jgroups-raft's elections follow JGroups
 * views and find each member's raft id in its address; every node's address carries its name as raft id, so the
 * raft ids are node names. Nodes that are not members run the same fork as learners and claim through the leader
 * (REDIRECT). Every node must therefore be configured with the same {@code members}; a node with none runs no fork
 * at all and grants nothing. The log is kept on disk ({@code log=file}, under {@code <foundation.data>/raft})
 * so that a restarted member remembers its term and vote, which Raft's safety needs; {@code log=memory} is for
 * tests and throw-away clusters.
 */
@Component(service = {Leases.class, ChannelUser.class}, configurationPid = ConsensusLeases.PID, immediate = true)
public final class ConsensusLeases implements Leases, ChannelUser {

    static final String PID = "io.foundation.consensus";
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusLeases.class);
    private static final long MIN_LEASE = 100;
    private static final long MAX_LEASE = 600_000;

    /** The consensus configuration; every value is read as text so that a bad one can be reported, not guessed. */
    public @interface Config {
        /** Comma-separated names of the nodes that vote; the same on every node. */
        String members() default "";

        /** Lease duration in milliseconds. */
        String lease() default "2000";

        /** {@code file} (kept under the node's data directory) or {@code memory}. */
        String log() default "file";
    }

    private final LeaseGroup group = new LeaseGroup();
    private final Path raftDirectory;
    private LeaseGroup.Settings settings;
    private JChannel channel;
    private volatile String configurationProblem;

    @Activate
    public ConsensusLeases(BundleContext context, Config config) {
        String data = context.getProperty("foundation.data");
        this.raftDirectory = data != null ? Path.of(data, "raft") : context.getDataFile("raft").toPath();
        this.settings = read(config, new LeaseGroup.Settings(List.of(), 2000, Optional.of(raftDirectory)));
    }

    @Modified
    synchronized void modified(Config config) {
        LeaseGroup.Settings next = read(config, settings);
        if (next.equals(settings)) {
            return;
        }
        settings = next;
        if (channel != null) {
            group.shut("the consensus configuration changed");
            start(channel);
        }
    }

    @Deactivate
    void deactivate() {
        group.close();
    }

    @Override
    public synchronized void channelOpened(JChannel opened) {
        channel = opened;
        start(opened);
    }

    @Override
    public synchronized void channelClosing(JChannel closing) {
        channel = null;
        group.shut("the cluster channel is closing");
    }

    @Override
    public void claim(String name, LeaseHolder holder) {
        group.claim(name, holder);
    }

    @Override
    public void release(String name) {
        group.release(name);
    }

    @Override
    public Optional<String> problem() {
        String bad = configurationProblem;
        return bad != null ? Optional.of(bad) : group.problem();
    }

    private void start(JChannel on) {
        if (settings.members().isEmpty()) {
            // No group to run: an election among no members would only cost every node messages and errors.
            group.shut(LeaseGroup.NO_MEMBERS);
            return;
        }
        try {
            group.open(on, settings);
        } catch (Exception | LinkageError e) {
            LOG.error("Strict singleton leases could not start consensus: {}", e.toString(), e);
            group.shut("consensus failed to start: " + e.getMessage());
        }
    }

    /** The settings {@code config} asks for; a bad value is reported and the previous one kept. */
    private LeaseGroup.Settings read(Config config, LeaseGroup.Settings previous) {
        List<String> problems = new ArrayList<>();
        Set<String> members = new LinkedHashSet<>();
        for (String member : config.members().split(",")) {
            if (!member.isBlank()) {
                members.add(member.trim());
            }
        }
        long lease = previous.lease();
        try {
            long asked = Long.parseLong(config.lease().trim());
            if (asked < MIN_LEASE || asked > MAX_LEASE) {
                problems.add("lease must be " + MIN_LEASE + ".." + MAX_LEASE + " ms, was " + asked);
            } else {
                lease = asked;
            }
        } catch (NumberFormatException e) {
            problems.add("lease must be a number of milliseconds, was '" + config.lease() + "'");
        }
        Optional<Path> log = previous.logDir();
        switch (config.log().trim()) {
            case "file" -> log = Optional.of(raftDirectory);
            case "memory" -> log = Optional.empty();
            default -> problems.add("log must be file or memory, was '" + config.log() + "'");
        }
        problems.forEach(p -> LOG.error("Configuration {}: {}; keeping the previous value", PID, p));
        configurationProblem = problems.isEmpty() ? null : "configuration " + PID + ": " + String.join("; ", problems);
        return new LeaseGroup.Settings(List.copyOf(members), lease, log);
    }
}
