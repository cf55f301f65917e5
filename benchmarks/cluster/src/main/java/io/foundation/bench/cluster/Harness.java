package io.foundation.bench.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster membership benchmark: Foundation against raw JGroups (stock tcp.xml), Hazelcast
 * (TCP-IP join) and Pekko Cluster (Split Brain Resolver), side by side in one run, every
 * node its own JVM inside a network namespace of scripts/testnet.sh.
 *
 * <pre>
 * java -jar benchmarks/cluster/target/cluster-bench.jar --reps 10 --sizes 3,5
 *   [--systems jgroups,hazelcast,pekko,foundation]
 *   [--metrics formation,kill9_member,kill9_coordinator,stop_member,partition,single]
 *   [--partition-reps N] [--foundation-bin PATH] [--foundation-cluster static]
 *   [--foundation-arg ARG]... [--foundation-ready TEXT] [--testnet PATH]
 *   [--testnet-prefix cb] [--testnet-net 0] [--out PATH] [--merge-deadline-s 420] [--idle-s 10]
 * </pre>
 *
 * Prints one JSON line per metric, size and baseline system ({"metric","nodes","system",
 * "foundation_ms","baseline_ms","ratio","p50","worst",...}; p50 and worst are the baseline's,
 * foundation_worst is Foundation's), then a summary table; writes the lines to results.jsonl
 * and every repetition's value to results-samples.jsonl next to the jar (or --out), node
 * logs under cluster-bench-logs/ beside them. Needs root (network
 * namespaces). Kills every process it started on exit, Ctrl-C included.
 */
public final class Harness {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_METRICS =
            List.of("formation", "kill9_member", "kill9_coordinator", "stop_member", "partition", "single");

    public static void main(String[] argv) throws Exception {
        Map<String, List<String>> opts = options(argv);
        int reps = Integer.parseInt(one(opts, "reps", "10"));
        int partitionReps = Integer.parseInt(one(opts, "partition-reps", Integer.toString(reps)));
        List<Integer> sizes = Arrays.stream(one(opts, "sizes", "3,5").split(",")).map(String::strip).map(Integer::parseInt).toList();
        List<String> systems = List.of(one(opts, "systems", "jgroups,hazelcast,pekko,foundation").split(","));
        List<String> metrics = List.of(one(opts, "metrics", String.join(",", ALL_METRICS)).split(","));
        Path root = repositoryRoot();
        Path jarDir = jarDirectory(root);
        Path out = Path.of(one(opts, "out", jarDir.resolve("results.jsonl").toString()));
        Path testnetScript = Path.of(one(opts, "testnet", root.resolve("scripts/testnet.sh").toString()));

        for (String m : metrics) {
            if (!ALL_METRICS.contains(m)) {
                throw new IllegalArgumentException("unknown metric " + m + "; known: " + ALL_METRICS);
            }
        }
        if (!"0".equals(run("id", "-u").strip())) {
            System.err.println("cluster-bench: needs root: every node runs inside a network namespace (scripts/testnet.sh)");
            System.exit(2);
        }
        if (!Files.isExecutable(testnetScript)) {
            System.err.println("cluster-bench: " + testnetScript + " not found; pass --testnet PATH");
            System.exit(2);
        }

        List<Contender> contenders = new ArrayList<>();
        for (String s : systems) {
            switch (s.strip()) {
                case "jgroups" -> contenders.add(Peer.JGROUPS);
                case "hazelcast" -> contenders.add(Peer.HAZELCAST);
                case "pekko" -> contenders.add(Peer.PEKKO);
                case "foundation" -> contenders.add(new FoundationNode(
                        Path.of(one(opts, "foundation-bin", root.resolve("distribution/target/foundation/bin/foundation").toString())),
                        one(opts, "foundation-cluster", "static"),
                        opts.getOrDefault("foundation-arg", List.of()),
                        one(opts, "foundation-ready", "foundation ready")));
                default -> throw new IllegalArgumentException("unknown system " + s);
            }
        }
        List<Contender> runnable = new ArrayList<>();
        for (Contender c : contenders) {
            c.unavailable().ifPresentOrElse(
                    why -> System.err.println("cluster-bench: skipping " + c.id() + ": " + why),
                    () -> runnable.add(c));
        }

        Files.createDirectories(out.toAbsolutePath().getParent());
        Reaper reaper = new Reaper();
        Testnet testnet = new Testnet(testnetScript, one(opts, "testnet-prefix", "cb"),
                Integer.parseInt(one(opts, "testnet-net", "0")));
        reaper.onExit(testnet::down);
        Path runDir = Files.createDirectories(out.toAbsolutePath().getParent().resolve("cluster-bench-logs")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Trials trials = new Trials(testnet, reaper, runDir, new Trials.Limits(
                90_000, 150_000, 180_000, Long.parseLong(one(opts, "merge-deadline-s", "420")) * 1000,
                90_000, Long.parseLong(one(opts, "idle-s", "10")) * 1000));

        Path samplesOut = out.resolveSibling(out.getFileName().toString().replace(".jsonl", "") + "-samples.jsonl");
        List<Samples> all = new ArrayList<>();
        try (PrintWriter results = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
             PrintWriter samples = new PrintWriter(Files.newBufferedWriter(samplesOut, StandardCharsets.UTF_8))) {
            ObjectNode meta = meta("cluster-bench", argv);
            meta.put("reps", reps);
            meta.put("partition_reps", partitionReps);
            emit(results, meta);

            testnet.local();
            for (int size : sizes) {
                for (String metric : metrics) {
                    if (metric.equals("single")) {
                        continue;
                    }
                    List<List<Samples>> byContender = new ArrayList<>();
                    for (Contender c : runnable) {
                        System.err.printf("cluster-bench: %s n=%d %s%n", metric, size, c.id());
                        List<Samples> got = switch (metric) {
                            case "formation" -> List.of(trials.formation(c, size, reps));
                            case "kill9_member" -> List.of(trials.failure(c, size, reps, Trials.Fault.KILL, Trials.Victim.MEMBER));
                            case "kill9_coordinator" -> List.of(trials.failure(c, size, reps, Trials.Fault.KILL, Trials.Victim.COORDINATOR));
                            case "stop_member" -> List.of(trials.failure(c, size, reps, Trials.Fault.STOP, Trials.Victim.MEMBER));
                            case "partition" -> trials.partition(c, size, partitionReps);
                            default -> throw new IllegalStateException(metric);
                        };
                        got.forEach(Samples::finish);
                        byContender.add(got);
                    }
                    report(results, samples, byContender, all);
                }
            }
            if (metrics.contains("single")) {
                List<List<Samples>> byContender = new ArrayList<>();
                for (Contender c : runnable) {
                    System.err.printf("cluster-bench: single node %s%n", c.id());
                    List<Samples> got = trials.singleNode(c, reps);
                    got.forEach(Samples::finish);
                    byContender.add(got);
                }
                report(results, samples, byContender, all);
            }
            emitEnd(results);
        } finally {
            reaper.reapAll();
        }
        summary(all);
        System.out.println("results: " + out + " and " + samplesOut + "; node logs: " + runDir);
    }

    /** The first line of a run: what ran, when, and how busy the host was. */
    static ObjectNode meta(String run, String[] argv) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("meta", run);
        meta.put("started", LocalDateTime.now().toString());
        meta.put("cores", Runtime.getRuntime().availableProcessors());
        meta.put("loadavg", Files.readString(Path.of("/proc/loadavg")).strip());
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        meta.put("args", String.join(" ", argv));
        return meta;
    }

    /** One line per metric and baseline, with Foundation's figures beside it when it ran. */
    private static void report(PrintWriter results, PrintWriter samples, List<List<Samples>> byContender, List<Samples> all) {
        int kinds = byContender.isEmpty() ? 0 : byContender.get(0).size();
        for (int k = 0; k < kinds; k++) {
            Samples foundation = null;
            List<Samples> baselines = new ArrayList<>();
            for (List<Samples> got : byContender) {
                Samples s = got.get(k);
                all.add(s);
                samples.println(samplesLine(s));
                if (s.system.equals("foundation")) {
                    foundation = s;
                } else {
                    baselines.add(s);
                }
            }
            samples.flush();
            if (baselines.isEmpty() && foundation != null) {
                emit(results, line(foundation, null, foundation));
            }
            for (Samples b : baselines) {
                emit(results, line(b, b, foundation));
            }
        }
    }

    /** One result line; {@code baseline} is null when Foundation ran alone. */
    static ObjectNode line(Samples head, Samples baseline, Samples foundation) {
        if (baseline == null) {
            baseline = new Samples(head.metric, head.nodes, "none", head.unit);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("metric", head.metric);
        o.put("nodes", head.nodes);
        o.put("system", head.system);
        Double f = foundation == null || foundation.empty() ? null : round(foundation.p50());
        Double b = baseline.empty() ? null : round(baseline.p50());
        o.put(head.unit.equals("ms") ? "foundation_ms" : "foundation_" + head.unit.toLowerCase(), f);
        o.put(head.unit.equals("ms") ? "baseline_ms" : "baseline_" + head.unit.toLowerCase(), b);
        // Keep the contract's key names whatever the unit, so consumers need one schema.
        if (!head.unit.equals("ms")) {
            o.put("foundation_ms", f);
            o.put("baseline_ms", b);
        }
        o.put("ratio", f == null || b == null || b == 0 ? null : round(f / b));
        o.put("p50", b);
        o.put("worst", baseline.empty() ? null : round(baseline.worst()));
        o.put("foundation_worst", foundation == null || foundation.empty() ? null : round(foundation.worst()));
        o.put("unit", head.unit);
        o.put("load1_start", round(counted(baseline, foundation).loadAtStart));
        o.put("load1_end", round(counted(baseline, foundation).loadAtEnd));
        Samples counted = baseline.system.equals("none") && foundation != null ? foundation : baseline;
        o.put("reps", counted.values.size() + counted.failures.size());
        o.put("failures", counted.failures.size());
        if (foundation == null) {
            o.put("foundation", "pending distribution");
        } else if (foundation.failures.size() > 0) {
            o.put("foundation_failures", foundation.failures.size());
        }
        if (!baseline.failures.isEmpty()) {
            o.put("first_failure", baseline.failures.get(0));
        }
        return o;
    }

    private static Samples counted(Samples baseline, Samples foundation) {
        return baseline.system.equals("none") && foundation != null ? foundation : baseline;
    }

    static ObjectNode samplesLine(Samples s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("metric", s.metric);
        o.put("nodes", s.nodes);
        o.put("system", s.system);
        o.put("unit", s.unit);
        o.put("load1_start", round(s.loadAtStart));
        o.put("load1_end", round(s.loadAtEnd));
        ArrayNode v = o.putArray("samples");
        s.values.forEach(x -> v.add(round(x)));
        ArrayNode f = o.putArray("failures");
        s.failures.forEach(f::add);
        return o;
    }

    private static Double round(double x) {
        return Double.isNaN(x) ? null : Math.round(x * 10) / 10.0;
    }

    /** The last line of a run: when it finished and how busy the host was then. */
    static void emitEnd(PrintWriter results) throws IOException {
        ObjectNode end = JSON.createObjectNode();
        end.put("meta", "end");
        end.put("finished", LocalDateTime.now().toString());
        end.put("loadavg", Files.readString(Path.of("/proc/loadavg")).strip());
        emit(results, end);
    }

    static void emit(PrintWriter results, ObjectNode line) {
        String s = line.toString();
        System.out.println(s);
        results.println(s);
        results.flush();
    }

    static void summary(List<Samples> all) {
        System.out.println();
        System.out.printf("%-18s %5s %-11s %10s %10s %7s  %s%n", "metric", "nodes", "system", "p50", "worst", "ok/reps", "first failure");
        for (Samples s : all) {
            String fail = s.failures.isEmpty() ? "" : s.failures.get(0);
            if (fail.length() > 90) {
                fail = fail.substring(0, 90) + "...";
            }
            System.out.printf("%-18s %5d %-11s %10s %10s %3d/%-3d  %s%n", s.metric, s.nodes, s.system,
                    s.empty() ? "-" : String.format("%.1f %s", s.p50(), s.unit),
                    s.empty() ? "-" : String.format("%.1f", s.worst()),
                    s.values.size(), s.values.size() + s.failures.size(), fail);
        }
    }

    static Map<String, List<String>> options(String[] argv) {
        Map<String, List<String>> opts = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --option value at " + argv[i]);
            }
            opts.computeIfAbsent(argv[i].substring(2), k -> new ArrayList<>()).add(argv[++i]);
        }
        return opts;
    }

    static String one(Map<String, List<String>> opts, String key, String dflt) {
        List<String> v = opts.get(key);
        return v == null || v.isEmpty() ? dflt : v.get(v.size() - 1);
    }

    /** The directory holding scripts/testnet.sh: the working directory or one above it, else the jar's. */
    static Path repositoryRoot() {
        for (Path p : List.of(Path.of("").toAbsolutePath(), jarLocation())) {
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.exists(d.resolve("scripts/testnet.sh"))) {
                    return d;
                }
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private static Path jarLocation() {
        try {
            return Path.of(Harness.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (Exception e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** target/ of this module: where the jar (or the classes directory) lives. */
    static Path jarDirectory(Path root) {
        Path loc = jarLocation();
        Path dir = loc.getParent();
        return dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("target") ? dir
                : root.resolve("benchmarks/cluster/target");
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "";
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
