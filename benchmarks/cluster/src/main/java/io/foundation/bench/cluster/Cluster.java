package io.foundation.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Nodes n1..nN of one system, each its own process: all in the isolated loopback namespace
 * (bound to 127.0.0.1), or node i in namespace i of the test network (bound to 198.18.x.i)
 * when partitions are needed. A relaunched node keeps its name and takes a fresh port, so
 * it never waits for the old incarnation's sockets to leave TIME_WAIT.
 */
final class Cluster implements AutoCloseable {

    private final Contender contender;
    private final Testnet testnet;
    private final boolean namespaces;
    private final String clusterName;
    private final Path dir;
    private final Reaper reaper;
    private final NodeProcess[] nodes;
    private final int[] generation;

    Cluster(Contender contender, Testnet testnet, boolean namespaces, int size, String clusterName, Path dir, Reaper reaper) {
        this.contender = contender;
        this.testnet = testnet;
        this.namespaces = namespaces;
        this.clusterName = clusterName;
        this.dir = dir;
        this.reaper = reaper;
        this.nodes = new NodeProcess[size + 1];
        this.generation = new int[size + 1];
    }

    int size() {
        return nodes.length - 1;
    }

    static String name(int i) {
        return "n" + i;
    }

    NodeProcess node(int i) {
        return nodes[i];
    }

    String address(int i) {
        return namespaces ? testnet.address(i) : "127.0.0.1";
    }

    int port(int i) {
        // 1000 apart: clear of JGroups' FD_SOCK2 (transport port + 100) and of earlier incarnations.
        return contender.basePort() + (i - 1) + 1000 * (generation[i] % 20);
    }

    List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        for (int i = 1; i <= size(); i++) {
            seeds.add(address(i) + ":" + port(i));
        }
        return seeds;
    }

    Set<String> names() {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= size(); i++) {
            names.add(name(i));
        }
        return names;
    }

    /** Starts every node as fast as processes can be spawned; returns the time before the first. */
    long launchAll() {
        long t0 = System.currentTimeMillis();
        for (int i = 1; i <= size(); i++) {
            launch(i);
        }
        return t0;
    }

    /** The data directory of node {@code i}'s current incarnation. */
    Path data(int i) {
        return dir.resolve(name(i) + "-g" + generation[i]);
    }

    void launch(int i) {
        Path data = data(i);
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Contender.NodeSpec spec = new Contender.NodeSpec(name(i), address(i), port(i), seeds(), clusterName,
                size() == 1, data);
        Contender.Launch launch = contender.launch(spec);
        List<String> command = new ArrayList<>(testnet.exec(namespaces ? Integer.toString(i) : "lo"));
        command.addAll(launch.command());
        nodes[i] = NodeProcess.start(name(i), port(i), command, launch.environment(), testnet, contender,
                dir.resolve(name(i) + "-g" + generation[i] + ".stderr"), reaper);
    }

    void relaunch(int i) {
        if (nodes[i] != null) {
            nodes[i].kill();
        }
        generation[i]++;
        launch(i);
    }

    /** The coordinator as node {@code from} last saw it. */
    Optional<String> coordinator(int from) {
        return nodes[from].latestView().map(NodeEvent::coordinator);
    }

    /** The highest-numbered node that is not the coordinator. */
    int highestMember() {
        String coord = coordinator(1).orElse("");
        for (int i = size(); i >= 1; i--) {
            if (!name(i).equals(coord)) {
                return i;
            }
        }
        return size();
    }

    int indexOf(String name) {
        for (int i = 1; i <= size(); i++) {
            if (name(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    int[] marks() {
        int[] marks = new int[nodes.length];
        for (int i = 1; i <= size(); i++) {
            marks[i] = nodes[i].mark();
        }
        return marks;
    }

    /**
     * Waits until every node's latest view holds all members; returns when the last node
     * got there (the start of its final run of full views, by its own clock).
     */
    OptionalLong awaitFullView(long deadline) throws InterruptedException {
        Set<String> all = names();
        long last = 0;
        for (int i = 1; i <= size(); i++) {
            if (!nodes[i].awaitState(events -> fullSince(events, all).isPresent(), deadline)) {
                return OptionalLong.empty();
            }
            last = Math.max(last, fullSince(nodes[i].events(), all).getAsLong());
        }
        return OptionalLong.of(last);
    }

    static OptionalLong fullSince(List<NodeEvent> events, Set<String> all) {
        long since = -1;
        for (int i = events.size() - 1; i >= 0; i--) {
            NodeEvent e = events.get(i);
            if (!e.isView()) {
                continue;
            }
            if (e.size() == all.size() && all.equals(new HashSet<>(e.members()))) {
                since = e.t();
            } else {
                break;
            }
        }
        return since < 0 ? OptionalLong.empty() : OptionalLong.of(since);
    }

    /**
     * Waits until each listed node, after its mark, reports an event that matches; returns
     * the latest of those events' times, or empty at the deadline.
     */
    OptionalLong awaitEach(List<Integer> which, int[] marks, Predicate<NodeEvent> p, long deadline)
            throws InterruptedException {
        long last = 0;
        for (int i : which) {
            Optional<NodeEvent> e = nodes[i].await(marks[i], p, deadline);
            if (e.isEmpty()) {
                return OptionalLong.empty();
            }
            last = Math.max(last, e.get().t());
        }
        return OptionalLong.of(last);
    }

    /**
     * Waits until any of the listed nodes, after its mark, reports an event that matches; returns the first such
     * event to arrive and the node's index, or empty at the deadline.
     */
    Optional<Map.Entry<Integer, NodeEvent>> awaitAny(List<Integer> which, int[] marks, Predicate<NodeEvent> p,
                                                     long deadline) throws InterruptedException {
        ExecutorService waiters = Executors.newFixedThreadPool(which.size(), r -> {
            Thread t = new Thread(r, "await-any");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<Optional<Map.Entry<Integer, NodeEvent>>> done = new ExecutorCompletionService<>(waiters);
            for (int i : which) {
                done.submit(() -> nodes[i].await(marks[i], p, deadline).map(e -> Map.entry(i, e)));
            }
            for (int k = 0; k < which.size(); k++) {
                try {
                    Optional<Map.Entry<Integer, NodeEvent>> got = done.take().get();
                    if (got.isPresent()) {
                        return got;
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException("waiting for an event failed", e.getCause());
                }
            }
            return Optional.empty();
        } finally {
            waiters.shutdownNow();
        }
    }

    List<Integer> allBut(int victim) {
        List<Integer> others = new ArrayList<>();
        for (int i = 1; i <= size(); i++) {
            if (i != victim) {
                others.add(i);
            }
        }
        return others;
    }

    /** What went wrong, for a failure note: every node's latest view. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= size(); i++) {
            NodeProcess n = nodes[i];
            sb.append(name(i)).append('=').append(n == null ? "-" : n.latestView().map(v -> v.members().toString()).orElse("no view"));
            if (n != null && n.terminated()) {
                sb.append("(terminated)");
            }
            sb.append(' ');
        }
        return sb.toString().strip();
    }

    @Override
    public void close() {
        for (int i = 1; i <= size(); i++) {
            if (nodes[i] != null) {
                nodes[i].kill();
            }
        }
    }
}
