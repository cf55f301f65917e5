package io.foundation.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measurements. Times come from the nodes' own event timestamps (one host, one clock)
 * minus the harness's clock read just before it acted (launch, kill, cut, heal), so reading
 * stdout adds nothing. Every wait has a deadline; a repetition that misses one is recorded
 * as a failure with every node's last view, and its cluster is replaced.
 */
final class Trials {

    private final Testnet testnet;
    private final Reaper reaper;
    private final Path runDir;
    private final Limits limits;
    private int clusters;

    /** Deadlines in ms, and the idle time before the heap is read. */
    record Limits(long formation, long detection, long split, long merge, long ready, long idle) {
    }

    Trials(Testnet testnet, Reaper reaper, Path runDir, Limits limits) {
        this.testnet = testnet;
        this.reaper = reaper;
        this.runDir = runDir;
        this.limits = limits;
    }

    Cluster newCluster(Contender c, int size, boolean namespaces) throws IOException {
        clusters++;
        String name = "cb-" + c.id() + "-" + size + "-" + clusters + "-" + ProcessHandle.current().pid();
        Path dir = Files.createDirectories(runDir.resolve(name));
        return new Cluster(c, testnet, namespaces, size, name, dir, reaper);
    }

    private static long deadline(long ms) {
        return System.currentTimeMillis() + ms;
    }

    /** (1) From launching all nodes at once to every node seeing the full view; a fresh cluster each time. */
    Samples formation(Contender c, int size, int reps) throws Exception {
        return formation(c, size, reps, "formation", false);
    }

    /**
     * {@link #formation(Contender, int, int)} recorded under another metric name (one per strategy), with node i
     * in namespace i of the test network when {@code namespaces} (it must be up).
     */
    Samples formation(Contender c, int size, int reps, String metric, boolean namespaces) throws Exception {
        Samples s = new Samples(metric, size, c.id(), "ms");
        for (int rep = 0; rep < reps; rep++) {
            try (Cluster cluster = newCluster(c, size, namespaces)) {
                long t0 = cluster.launchAll();
                OptionalLong t = cluster.awaitFullView(deadline(limits.formation()));
                if (t.isPresent()) {
                    s.add(t.getAsLong() - t0);
                } else {
                    s.fail("no full view within " + limits.formation() + " ms: " + cluster.describe());
                }
            }
            progress(s);
        }
        return s;
    }

    enum Victim { MEMBER, COORDINATOR }

    enum Fault { KILL, STOP }

    /**
     * (2) and (3): kill -9 or kill -STOP one node, time until every survivor has a view
     * without it. The stopped process is then killed, the node relaunched under its name and
     * the full view awaited before the next repetition, so one cluster serves all of them.
     */
    Samples failure(Contender c, int size, int reps, Fault fault, Victim victim) throws Exception {
        String metric = (fault == Fault.KILL ? "kill9_" : "stop_") + victim.name().toLowerCase();
        Samples s = new Samples(metric, size, c.id(), "ms");
        Cluster cluster = null;
        try {
            for (int rep = 0; rep < reps; rep++) {
                if (cluster == null) {
                    cluster = newCluster(c, size, false);
                    cluster.launchAll();
                    if (cluster.awaitFullView(deadline(limits.formation())).isEmpty()) {
                        s.fail("cluster did not form: " + cluster.describe());
                        cluster.close();
                        cluster = null;
                        continue;
                    }
                }
                int v = victim == Victim.COORDINATOR
                        ? cluster.coordinator(1).map(cluster::indexOf).filter(i -> i > 0).orElse(1)
                        : cluster.highestMember();
                String victimName = Cluster.name(v);
                int[] marks = cluster.marks();
                long t0 = System.currentTimeMillis();
                if (fault == Fault.KILL) {
                    cluster.node(v).kill();
                } else {
                    cluster.node(v).signal("STOP");
                    t0 = System.currentTimeMillis();
                }
                OptionalLong t = cluster.awaitEach(cluster.allBut(v), marks,
                        e -> e.isView() && !e.members().contains(victimName) && e.size() == size - 1,
                        deadline(limits.detection()));
                if (t.isPresent()) {
                    s.add(t.getAsLong() - t0);
                } else {
                    s.fail(victimName + " not removed within " + limits.detection() + " ms: " + cluster.describe());
                }
                cluster.relaunch(v);
                if (t.isEmpty() || cluster.awaitFullView(deadline(limits.formation())).isEmpty()) {
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

    /**
     * (4) Nodes in namespaces of the test network: cut the highest non-coordinator node
     * until both sides have their own view (or the cut side shut itself down), heal, and
     * time until every node has the merged view. The cluster is reused while it merges.
     * Returns the split and the heal samples.
     */
    List<Samples> partition(Contender c, int size, int reps) throws Exception {
        Samples split = new Samples("partition_split", size, c.id(), "ms");
        Samples heal = new Samples("partition_heal", size, c.id(), "ms");
        testnet.up(size);
        Cluster cluster = null;
        try {
            for (int rep = 0; rep < reps; rep++) {
                if (cluster == null) {
                    cluster = newCluster(c, size, true);
                    cluster.launchAll();
                    if (cluster.awaitFullView(deadline(limits.formation())).isEmpty()) {
                        split.fail("cluster did not form: " + cluster.describe());
                        cluster.close();
                        cluster = null;
                        continue;
                    }
                }
                int v = cluster.highestMember();
                String victimName = Cluster.name(v);
                int[] marks = cluster.marks();
                long t0 = System.currentTimeMillis();
                testnet.cut(v);
                OptionalLong majority = cluster.awaitEach(cluster.allBut(v), marks,
                        e -> e.isView() && !e.members().contains(victimName) && e.size() == size - 1,
                        deadline(limits.split()));
                OptionalLong minority = majority.isEmpty() ? OptionalLong.empty()
                        : cluster.awaitEach(List.of(v), marks,
                        e -> e.kind() == NodeEvent.Kind.TERMINATED || (e.isView() && e.members().equals(List.of(victimName))),
                        deadline(limits.split()));
                if (majority.isEmpty() || minority.isEmpty()) {
                    split.fail("no split within " + limits.split() + " ms: " + cluster.describe());
                    testnet.heal(v);
                    cluster.close();
                    cluster = null;
                    progress(split);
                    continue;
                }
                split.add(Math.max(majority.getAsLong(), minority.getAsLong()) - t0);
                boolean minorityGone = cluster.node(v).terminated();
                long t1 = System.currentTimeMillis();
                testnet.heal(v);
                if (minorityGone) {
                    heal.fail("no merge: " + victimName + " shut itself down on the minority side (" + cluster.describe() + ")");
                    cluster.close();
                    cluster = null;
                } else {
                    OptionalLong merged = cluster.awaitFullView(deadline(limits.merge()));
                    if (merged.isPresent()) {
                        heal.add(merged.getAsLong() - t1);
                    } else {
                        heal.fail("no merged view within " + limits.merge() + " ms: " + cluster.describe());
                        cluster.close();
                        cluster = null;
                    }
                }
                progress(split);
                progress(heal);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
        return List.of(split, heal);
    }

    private static final Pattern HEAP_USED = Pattern.compile("\\bused (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    /**
     * (5) and (6): a single node (Foundation: cluster=false) from process launch to its ready
     * line; then, after it idled, the heap in use after a forced full GC (jcmd GC.run, then
     * GC.heap_info) and its resident set size. Returns ready, heap and RSS samples.
     */
    List<Samples> singleNode(Contender c, int reps) throws Exception {
        Samples ready = new Samples("start_to_ready", 1, c.id(), "ms");
        Samples heap = new Samples("idle_heap_used", 1, c.id(), "MB");
        Samples rss = new Samples("idle_rss", 1, c.id(), "MB");
        for (int rep = 0; rep < reps; rep++) {
            try (Cluster cluster = newCluster(c, 1, false)) {
                cluster.launchAll();
                NodeProcess node = cluster.node(1);
                Optional<NodeEvent> r = node.await(0, e -> e.kind() == NodeEvent.Kind.READY, deadline(limits.ready()));
                if (r.isEmpty()) {
                    ready.fail("not ready within " + limits.ready() + " ms");
                    continue;
                }
                ready.add(r.get().t() - node.launchedAt);
                // Let it idle: a bounded wait that only ends early if the node dies.
                node.awaitState(events -> false, deadline(limits.idle()));
                long pid = node.jvmPid();
                jcmd(pid, "GC.run");
                Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
                if (m.find()) {
                    heap.add(Long.parseLong(m.group(1)) / 1024.0);
                } else {
                    heap.fail("no 'used' in GC.heap_info");
                }
                Matcher kb = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
                if (kb.find()) {
                    rss.add(Long.parseLong(kb.group(1)) / 1024.0);
                }
            }
            progress(ready);
        }
        return List.of(ready, heap, rss);
    }

    private static String jcmd(long pid, String what) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = Files.createTempFile("jcmd", ".out");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), what)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd " + what + " timed out");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void progress(Samples s) {
        List<String> last = new ArrayList<>();
        if (!s.values.isEmpty()) {
            last.add("last=" + Math.round(s.values.get(s.values.size() - 1)));
        }
        System.err.printf("  %s %s n=%d: %d ok, %d failed %s%n", s.system, s.metric, s.nodes, s.values.size(),
                s.failures.size(), String.join(" ", last));
    }
}
