package io.foundation.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * The measurements of {@link ServicesBench}, on three nodes in the isolated loopback namespace. Failover times come
 * from the nodes' own log lines minus the harness's clock read just before the kill; registry times from the
 * {@link Instant}s the fixture bundle prints (microseconds; one host, one clock). Every wait has a deadline; a
 * repetition that misses one is recorded as a failure and its cluster is replaced.
 */
final class ServiceTrials {

    static final int NODES = 3;
    /** The fixture's configuration file, in every node's etc/. */
    static final String FIXTURE_CFG = "io.foundation.bench.registry.cfg";
    /** The file whose presence makes a node's registry read from Ignite. */
    static final String IGNITE_CFG = "io.foundation.registry.ignite.cfg";
    static final String IGNITE_CFG_TEXT = "# written by ServicesBench: the registry reads from Ignite while this file exists\n";

    private final Trials trials;
    private final long formationMs;
    private final long storeMs;

    /**
     * @param formationMs deadline for a full view after launch
     * @param storeMs     deadline for a store change (and for the Ignite store to be ready at start)
     */
    ServiceTrials(Trials trials, long formationMs, long storeMs) {
        this.trials = trials;
        this.formationMs = formationMs;
        this.storeMs = storeMs;
    }

    private static long deadline(long ms) {
        return System.currentTimeMillis() + ms;
    }

    /** The fixture's settings as a .cfg file. */
    static String fixture(int rate, String run, boolean watch) {
        return "rate = " + rate + "\nrun = " + run + "\nwatch = " + watch + "\n";
    }

    // ---------------------------------------------------------------- failover

    /**
     * kill -9 of the node running the singleton; time until a survivor says it started the singleton. The killed
     * node is relaunched (it joins as the youngest, so the singleton stays) and the full view awaited before the next
     * repetition, so one cluster serves all of them.
     */
    Samples failover(Contender c, int reps, long failoverMs) throws Exception {
        Samples s = new Samples("singleton_failover", NODES, c.id(), "ms");
        Cluster cluster = null;
        try {
            for (int rep = 0; rep < reps; rep++) {
                if (cluster == null) {
                    cluster = trials.newCluster(c, NODES, false);
                    cluster.launchAll();
                    if (cluster.awaitFullView(deadline(formationMs)).isEmpty()) {
                        s.fail("cluster did not form: " + cluster.describe());
                        cluster.close();
                        cluster = null;
                        continue;
                    }
                }
                OptionalLong owner = owner(cluster, deadline(failoverMs));
                if (owner.isEmpty()) {
                    s.fail("no single node runs the singleton within " + failoverMs + " ms: " + singletons(cluster));
                    cluster.close();
                    cluster = null;
                    continue;
                }
                int victim = (int) owner.getAsLong();
                int[] marks = cluster.marks();
                long t0 = System.currentTimeMillis();
                cluster.node(victim).kill();
                Optional<Map.Entry<Integer, NodeEvent>> moved = cluster.awaitAny(cluster.allBut(victim), marks,
                        e -> e.kind() == NodeEvent.Kind.SINGLETON, deadline(failoverMs));
                if (moved.isPresent()) {
                    s.add(moved.get().getValue().t() - t0);
                } else {
                    s.fail("singleton not restarted within " + failoverMs + " ms after killing " + Cluster.name(victim)
                            + ": " + cluster.describe());
                }
                cluster.relaunch(victim);
                if (moved.isEmpty() || cluster.awaitFullView(deadline(formationMs)).isEmpty()) {
                    cluster.close();
                    cluster = null;
                }
                progress(s);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
        return s;
    }

    /** The index of the one node running the singleton (started and not stopped since), once there is exactly one. */
    static OptionalLong owner(Cluster cluster, long deadline) throws InterruptedException {
        while (true) {
            List<Integer> running = new ArrayList<>();
            for (int i = 1; i <= cluster.size(); i++) {
                if (runsSingleton(cluster.node(i).events())) {
                    running.add(i);
                }
            }
            if (running.size() == 1) {
                return OptionalLong.of(running.get(0));
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return OptionalLong.empty();
            }
            List<Integer> all = new ArrayList<>();
            for (int i = 1; i <= cluster.size(); i++) {
                all.add(i);
            }
            cluster.awaitAny(all, cluster.marks(), e -> true, System.currentTimeMillis() + Math.min(left, 1000));
        }
    }

    /** Whether the last singleton event of a node's history is a start (a NOTE "singleton-demo stopped" is a stop). */
    static boolean runsSingleton(List<NodeEvent> events) {
        for (int k = events.size() - 1; k >= 0; k--) {
            NodeEvent e = events.get(k);
            if (e.kind() == NodeEvent.Kind.SINGLETON) {
                return true;
            }
            if (e.kind() == NodeEvent.Kind.NOTE && e.detail().startsWith(ServicesNode.SINGLETON_STOPPED)) {
                return false;
            }
        }
        return false;
    }

    private static String singletons(Cluster cluster) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= cluster.size(); i++) {
            sb.append(Cluster.name(i)).append(runsSingleton(cluster.node(i).events()) ? "=running " : "=idle ");
        }
        return sb.append(cluster.describe()).toString();
    }

    // ---------------------------------------------------------------- registry: visibility

    /**
     * Node 1 registers {@code count} entries at {@code rate} per second while nodes 2 and 3 watch; every
     * (receiver, entry) pair gives one sample, seen minus registered, in ms with microsecond resolution. One cluster
     * serves all repetitions, after an unrecorded warm-up stream of a quarter of {@code count}; each stream is a new
     * run, which closes the previous run's entries.
     */
    Samples visibility(String store, Contender c, int reps, int rate, int count) throws Exception {
        Samples s = new Samples("visibility_" + store, NODES, c.id(), "ms");
        try (Cluster cluster = trials.newCluster(c, NODES, false)) {
            cluster.launchAll();
            if (cluster.awaitFullView(deadline(formationMs)).isEmpty()) {
                s.fail("cluster did not form: " + cluster.describe());
                return s;
            }
            if (!awaitStore(cluster, new int[NODES + 1], store, deadline(storeMs))) {
                s.fail("not every node's registry reads " + store + " within " + storeMs + " ms: " + stores(cluster));
                return s;
            }
            String warmup = stream(cluster, store + "-warmup", rate, Math.max(1, count / 4), null);
            if (warmup != null) {
                s.fail(warmup);
                return s;
            }
            for (int rep = 0; rep < reps; rep++) {
                String failure = stream(cluster, store + "-" + rep, rate, count, s);
                if (failure != null) {
                    s.fail(failure);
                }
                System.err.printf("  %s %s rep %d: p50 %.2f ms, p99 %.2f ms, max %.2f ms so far%n", c.id(), s.metric,
                        rep + 1, s.p50(), s.percentile(99), s.worst());
            }
        }
        return s;
    }

    /**
     * One stream of {@code count} entries from node 1; adds its latencies to {@code into} unless null. The new run
     * first withdraws the previous run's entries, and the stream starts once no node shows them any more, so that
     * a stream measures steady registrations, not a store working through thousands of withdrawals.
     */
    private static String stream(Cluster cluster, String run, int rate, int count, Samples into) throws Exception {
        for (int i = NODES; i >= 1; i--) {
            configure(cluster, i, FIXTURE_CFG, fixture(0, run, true));
        }
        for (int i = 1; i <= NODES; i++) {
            boolean withdrawn = cluster.node(i).awaitState(
                    events -> (lastCensus(events, run) + " ").contains(" older=0 "), deadline(60_000));
            if (!withdrawn) {
                return run + ": n" + i + " still shows entries of the previous run: "
                        + lastCensus(cluster.node(i).events(), run);
            }
        }
        int[] marks = cluster.marks();
        configure(cluster, 1, FIXTURE_CFG, fixture(rate, run, true));
        long streamMs = 1000L * count / rate + 30_000;
        if (!cluster.node(1).awaitState(events -> notes(events, marks[1], "reg ").size() >= count, deadline(streamMs))) {
            return run + ": n1 did not register " + count + " entries within " + streamMs + " ms";
        }
        configure(cluster, 1, FIXTURE_CFG, fixture(0, run, true));
        Optional<Integer> acknowledged = stopped(cluster, 1, marks[1], run);
        if (acknowledged.isEmpty()) {
            return run + ": n1 did not stop its stream";
        }
        for (int i = 2; i <= NODES; i++) {
            if (!awaitCensus(cluster, i, run, Map.of("n1", acknowledged.get()))) {
                return run + ": n" + i + " holds fewer than n1's " + acknowledged.get() + " entries: "
                        + lastCensus(cluster.node(i).events(), run);
            }
        }
        if (into == null) {
            return null;
        }
        Map<String, Instant> registered = instants(notes(cluster.node(1).events(), marks[1], "reg "));
        int unseen = 0;
        for (int i = 2; i <= NODES; i++) {
            Map<String, Instant> seen = instants(notes(cluster.node(i).events(), marks[i], "seen "));
            for (Map.Entry<String, Instant> r : registered.entrySet()) {
                Instant at = seen.get(r.getKey());
                if (at == null) {
                    unseen++;
                } else {
                    into.add(Duration.between(r.getValue(), at).toNanos() / 1e6);
                }
            }
        }
        return unseen == 0 ? null : run + ": " + unseen + " (receiver, entry) pairs never reported by the watch";
    }

    // ---------------------------------------------------------------- registry: live swap

    /** What one swap trial measured. */
    record Swap(Samples toIgnite, Samples toEmbedded, Samples lost, Samples lookupMisses, Samples refused,
                Samples register) {
        List<Samples> all() {
            return List.of(toIgnite, toEmbedded, lost, lookupMisses, refused, register);
        }
    }

    /**
     * Every node registers {@code rate} entries per second and looks the probes up every 5 ms. The Ignite file is
     * written into every node's etc/ at once; the time until every node's registry reads from Ignite is recorded,
     * the stream paused and every node's census compared with what each writer acknowledged (lost entries); the
     * stream resumed, the file deleted, and the same again on the way back. Look-up misses and refused
     * registrations are counted over the whole repetition, and every register() call's duration is a sample of
     * {@code swap_register}.
     */
    Swap swap(Contender c, int reps, int rate) throws Exception {
        Swap s = new Swap(new Samples("swap_to_ignite", NODES, c.id(), "ms"),
                new Samples("swap_to_embedded", NODES, c.id(), "ms"),
                new Samples("swap_lost_entries", NODES, c.id(), "entries"),
                new Samples("swap_lookup_misses", NODES, c.id(), "lookups"),
                new Samples("swap_register_refused", NODES, c.id(), "entries"),
                new Samples("swap_register", NODES, c.id(), "ms"));
        Cluster cluster = null;
        try {
            for (int rep = 0; rep < reps; rep++) {
                if (cluster == null) {
                    cluster = trials.newCluster(c, NODES, false);
                    cluster.launchAll();
                    if (cluster.awaitFullView(deadline(formationMs)).isEmpty()
                            || !awaitStore(cluster, new int[NODES + 1], "embedded", deadline(storeMs))) {
                        s.toIgnite.fail("cluster did not form on the embedded store: " + cluster.describe() + " " + stores(cluster));
                        cluster.close();
                        cluster = null;
                        continue;
                    }
                }
                String failure = swapOnce(cluster, "swap-" + rep, rate, s);
                if (failure != null) {
                    s.toIgnite.fail(failure + ": " + cluster.describe() + " " + stores(cluster));
                    cluster.close();
                    cluster = null;
                }
                System.err.printf("  swap rep %d: to ignite %s ms, back %s ms, lost %s, misses %s%n", rep + 1,
                        last(s.toIgnite), last(s.toEmbedded), last(s.lost), last(s.lookupMisses));
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
        return s;
    }

    /** One repetition; returns why it failed, or null. */
    private String swapOnce(Cluster cluster, String run, int rate, Swap s) throws Exception {
        int[] start = cluster.marks();
        setAll(cluster, fixture(rate, run, false));
        if (!streamFor(cluster, start, rate)) {
            return run + ": the stream did not start";
        }
        int lost = 0;
        for (String store : List.of("ignite", "embedded")) {
            int[] marks = cluster.marks();
            long t0 = System.currentTimeMillis();
            for (int i = 1; i <= NODES; i++) {
                Path file = ServicesNode.etc(cluster.data(i)).resolve(IGNITE_CFG);
                if (store.equals("ignite")) {
                    write(file, IGNITE_CFG_TEXT);
                } else {
                    Files.deleteIfExists(file);
                }
            }
            if (!awaitStore(cluster, marks, store, deadline(storeMs))) {
                return run + ": not every node reads " + store + " within " + storeMs + " ms";
            }
            long last = 0;
            for (int i = 1; i <= NODES; i++) {
                last = Math.max(last, storeSince(cluster.node(i).events(), marks[i], store));
            }
            (store.equals("ignite") ? s.toIgnite : s.toEmbedded).add(last - t0);
            if (!streamFor(cluster, cluster.marks(), rate)) {
                return run + ": the stream stalled on " + store;
            }
            int[] pause = cluster.marks();
            setAll(cluster, fixture(0, run, false));
            Map<String, Integer> acknowledged = new HashMap<>();
            for (int i = 1; i <= NODES; i++) {
                Optional<Integer> k = stopped(cluster, i, pause[i], run);
                if (k.isEmpty()) {
                    return run + ": n" + i + " did not pause its stream";
                }
                acknowledged.put(Cluster.name(i), k.get());
            }
            for (int i = 1; i <= NODES; i++) {
                awaitCensus(cluster, i, run, acknowledged);
                Map<String, Integer> held = census(lastCensus(cluster.node(i).events(), run));
                for (Map.Entry<String, Integer> a : acknowledged.entrySet()) {
                    lost += Math.max(0, a.getValue() - held.getOrDefault(a.getKey(), 0));
                }
            }
            if (store.equals("ignite")) {
                setAll(cluster, fixture(rate, run, false));
            }
        }
        int misses = 0;
        int refused = 0;
        for (int i = 1; i <= NODES; i++) {
            misses += notes(cluster.node(i).events(), start[i], "miss ").size();
            refused += notes(cluster.node(i).events(), start[i], "reg-failed ").size();
            for (String line : notes(cluster.node(i).events(), start[i], "reg ")) {
                String[] f = line.split(" ");
                if (f.length >= 5) {
                    s.register.add(Long.parseLong(f[4]) / 1000.0);
                }
            }
        }
        s.lost.add(lost);
        s.lookupMisses.add(misses);
        s.refused.add(refused);
        return null;
    }

    /** Waits until every node has registered at least {@code rate} more entries (about a second of stream). */
    private static boolean streamFor(Cluster cluster, int[] marks, int rate) throws InterruptedException {
        long deadline = deadline(30_000);
        for (int i = 1; i <= NODES; i++) {
            int from = marks[i];
            if (!cluster.node(i).awaitState(events -> notes(events, from, "reg ").size() >= rate, deadline)) {
                return false;
            }
        }
        return true;
    }

    private static void setAll(Cluster cluster, String fixture) throws IOException {
        for (int i = 1; i <= NODES; i++) {
            configure(cluster, i, FIXTURE_CFG, fixture);
        }
    }

    // ---------------------------------------------------------------- reading the fixture's lines

    /** Writes a file of node i's etc/ in one step, so FileInstall never reads half of it. */
    static void configure(Cluster cluster, int i, String name, String content) throws IOException {
        write(ServicesNode.etc(cluster.data(i)).resolve(name), content);
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.getParent().getParent().resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The fixture's lines from index {@code from} on that start with {@code prefix}. */
    static List<String> notes(List<NodeEvent> events, int from, String prefix) {
        List<String> out = new ArrayList<>();
        for (int k = from; k < events.size(); k++) {
            NodeEvent e = events.get(k);
            if (e.kind() == NodeEvent.Kind.NOTE && e.detail().startsWith(prefix)) {
                out.add(e.detail());
            }
        }
        return out;
    }

    /** "reg ID INSTANT SEQ" or "seen ID INSTANT": the first instant of each id. */
    static Map<String, Instant> instants(List<String> lines) {
        Map<String, Instant> at = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length >= 3) {
                at.putIfAbsent(f[1], Instant.parse(f[2]));
            }
        }
        return at;
    }

    /** The store named by the last "store NAME INSTANT" line, or "" before the first. */
    static String latestStore(List<NodeEvent> events) {
        List<String> stores = notes(events, 0, "store ");
        return stores.isEmpty() ? "" : stores.get(stores.size() - 1).split(" ")[1];
    }

    /** Epoch ms of the first "store NAME" line at or after {@code from}, or 0. */
    static long storeSince(List<NodeEvent> events, int from, String store) {
        for (String line : notes(events, from, "store " + store + " ")) {
            Instant at = Instant.parse(line.split(" ")[2]);
            return at.toEpochMilli();
        }
        return 0;
    }

    /** Waits until every node reports {@code store} after its mark (or, for mark 0, as its latest store). */
    private static boolean awaitStore(Cluster cluster, int[] marks, String store, long deadline) throws InterruptedException {
        for (int i = 1; i <= NODES; i++) {
            int from = marks[i];
            Predicate<List<NodeEvent>> there = from == 0 ? events -> latestStore(events).equals(store)
                    : events -> storeSince(events, from, store) > 0;
            if (!cluster.node(i).awaitState(there, deadline)) {
                return false;
            }
        }
        return true;
    }

    private static String stores(Cluster cluster) {
        StringBuilder sb = new StringBuilder("stores:");
        for (int i = 1; i <= cluster.size(); i++) {
            sb.append(' ').append(Cluster.name(i)).append('=').append(latestStore(cluster.node(i).events()));
        }
        return sb.toString();
    }

    /** The count in the first "stopped RUN acknowledged=N failed=M" line after the mark. */
    private static Optional<Integer> stopped(Cluster cluster, int i, int mark, String run) throws InterruptedException {
        String prefix = "stopped " + run + " acknowledged=";
        if (!cluster.node(i).awaitState(events -> !notes(events, mark, prefix).isEmpty(), deadline(30_000))) {
            return Optional.empty();
        }
        String line = notes(cluster.node(i).events(), mark, prefix).get(0);
        return Optional.of(Integer.parseInt(line.substring(prefix.length()).split(" ")[0]));
    }

    /**
     * Waits (30 s at most) until node i's latest census of {@code run} holds at least the given count per owner. The
     * fixture logs a census only when it changes, so the latest line is the node's state now.
     */
    private static boolean awaitCensus(Cluster cluster, int i, String run, Map<String, Integer> expected)
            throws InterruptedException {
        return cluster.node(i).awaitState(events -> {
            Map<String, Integer> held = census(lastCensus(events, run));
            return expected.entrySet().stream().allMatch(e -> held.getOrDefault(e.getKey(), 0) >= e.getValue());
        }, deadline(30_000));
    }

    /** The latest census line of {@code run}, or "" before the first. */
    static String lastCensus(List<NodeEvent> events, String run) {
        List<String> lines = notes(events, 0, "census " + run + " ");
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** "census RUN store=S lookups=L misses=M older=O n1=C n2=C": the per-owner counts. */
    static Map<String, Integer> census(String line) {
        Map<String, Integer> held = new HashMap<>();
        String[] f = line.split(" ");
        for (int k = 2; k < f.length; k++) {
            int eq = f[k].indexOf('=');
            String key = eq < 0 ? "" : f[k].substring(0, eq);
            if (eq > 0 && !List.of("store", "lookups", "misses", "older").contains(key)) {
                held.put(key, Integer.parseInt(f[k].substring(eq + 1)));
            }
        }
        return held;
    }

    private static String last(Samples s) {
        return s.values.isEmpty() ? "-" : Long.toString(Math.round(s.values.get(s.values.size() - 1)));
    }

    private static void progress(Samples s) {
        System.err.printf("  %s %s: %d ok, %d failed %s%n", s.system, s.metric, s.values.size(), s.failures.size(),
                s.values.isEmpty() ? "" : "last=" + Math.round(s.values.get(s.values.size() - 1)));
    }
}
