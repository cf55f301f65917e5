package io.foundation.bench.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Distributed services and the service registry, on three nodes (each its own JVM) in the isolated loopback
 * namespace of scripts/testnet.sh:
 * <ul>
 *   <li>{@code failover}: kill -9 of the node running a singleton until it runs again on a survivor; Foundation
 *       (examples/singleton-demo in every node's deploy/) beside a Pekko Cluster Singleton with stock settings and
 *       the stock Split Brain Resolver ({@link PekkoSingletonNode}). Target: Foundation at most 1 s.</li>
 *   <li>{@code visibility}: one node registers entries at a steady rate, two watch; registered to seen on each
 *       watcher, p50/p99/max over every (entry, watcher) pair, once per store in {@code --stores}. Target: p99 at
 *       most 10 ms on loopback.</li>
 *   <li>{@code swap}: every node registers and looks up while the Ignite file appears in every node's etc/ and goes
 *       again; the time until every node's registry reads from the new store, entries lost (must be 0), look-up
 *       misses and refused registrations.</li>
 * </ul>
 * Both registry metrics use benchmarks/registry-fixture in every node's deploy/.
 *
 * <pre>
 * java -cp benchmarks/cluster/target/cluster-bench.jar io.foundation.bench.cluster.ServicesBench --reps 10
 *   [--metrics failover,visibility,swap] [--stores embedded,ignite] [--systems foundation,pekko]
 *   [--rate 200] [--count 4000] [--swap-rate 100] [--swap-reps N]
 *   [--foundation-bin PATH] [--singleton-jar PATH] [--fixture-jar PATH] [--testnet PATH] [--out PATH]
 * </pre>
 *
 * Prints one JSON line per metric (the {@link Harness} keys, plus p99s and the target), then a summary table;
 * writes them to services.jsonl and every value to services-samples.jsonl next to the jar (or --out), node logs
 * under services-bench-logs/. Needs root. Metrics whose parts are not built are skipped with the reason.
 */
public final class ServicesBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METRICS = List.of("failover", "visibility", "swap");
    private static final List<String> STORES = List.of("embedded", "ignite");

    public static void main(String[] argv) throws Exception {
        Map<String, List<String>> opts = Harness.options(argv);
        int reps = Integer.parseInt(Harness.one(opts, "reps", "10"));
        int swapReps = Integer.parseInt(Harness.one(opts, "swap-reps", Integer.toString(reps)));
        int rate = Integer.parseInt(Harness.one(opts, "rate", "200"));
        int count = Integer.parseInt(Harness.one(opts, "count", "4000"));
        int swapRate = Integer.parseInt(Harness.one(opts, "swap-rate", "100"));
        List<String> metrics = list(opts, "metrics", METRICS);
        List<String> stores = list(opts, "stores", STORES);
        List<String> systems = list(opts, "systems", List.of("foundation", "pekko"));
        Path root = Harness.repositoryRoot();
        Path out = Path.of(Harness.one(opts, "out", Harness.jarDirectory(root).resolve("services.jsonl").toString()));
        Path bin = Path.of(Harness.one(opts, "foundation-bin",
                root.resolve("distribution/target/foundation/bin/foundation").toString()));
        Path fixtureJar = Path.of(Harness.one(opts, "fixture-jar",
                root.resolve("benchmarks/registry-fixture/target/registry-fixture.jar").toString()));
        Optional<Path> singletonJar = opts.containsKey("singleton-jar")
                ? Optional.of(Path.of(Harness.one(opts, "singleton-jar", "")))
                : builtJar(root.resolve("examples/singleton-demo/target"));
        Path testnetScript = Path.of(Harness.one(opts, "testnet", root.resolve("scripts/testnet.sh").toString()));
        if (!"0".equals(Harness.run("id", "-u").strip())) {
            System.err.println("services-bench: needs root: every node runs inside a network namespace (scripts/testnet.sh)");
            System.exit(2);
        }
        FoundationNode foundation = new FoundationNode(bin, "static", List.of(), "foundation ready");

        Files.createDirectories(out.toAbsolutePath().getParent());
        Reaper reaper = new Reaper();
        Testnet testnet = new Testnet(testnetScript, "sv", 0);
        reaper.onExit(testnet::down);
        Path runDir = Files.createDirectories(out.toAbsolutePath().getParent().resolve("services-bench-logs")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Trials trials = new Trials(testnet, reaper, runDir, new Trials.Limits(90_000, 0, 0, 0, 90_000, 0));
        ServiceTrials services = new ServiceTrials(trials, 90_000, 120_000);

        List<Samples> all = new ArrayList<>();
        Path samplesOut = out.resolveSibling(out.getFileName().toString().replace(".jsonl", "") + "-samples.jsonl");
        try (PrintWriter results = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
             PrintWriter samples = new PrintWriter(Files.newBufferedWriter(samplesOut, StandardCharsets.UTF_8))) {
            ObjectNode meta = Harness.meta("services-bench", argv);
            meta.put("reps", reps);
            Harness.emit(results, meta);
            testnet.local();

            if (metrics.contains("failover")) {
                Samples pekko = null;
                Samples ours = null;
                if (systems.contains("pekko")) {
                    System.err.println("services-bench: singleton failover, pekko");
                    pekko = finish(services.failover(Peer.PEKKO_SINGLETON, reps, 180_000), samples, all);
                }
                if (systems.contains("foundation")) {
                    Optional<String> why = singletonJar.isEmpty()
                            ? Optional.of("pending build: no jar in examples/singleton-demo/target (or pass --singleton-jar)")
                            : new ServicesNode(foundation, List.of(singletonJar.get()), i -> Map.of()).unavailable();
                    if (why.isPresent()) {
                        System.err.println("services-bench: skipping foundation failover: " + why.get());
                    } else {
                        System.err.println("services-bench: singleton failover, foundation");
                        ours = finish(services.failover(new ServicesNode(foundation, List.of(singletonJar.get()),
                                i -> Map.of()), reps, 60_000), samples, all);
                    }
                }
                Samples head = pekko != null ? pekko : ours;
                if (head != null) {
                    ObjectNode line = Harness.line(head, pekko, ours);
                    withPercentiles(line, pekko, ours);
                    line.put("target_ms", 1000);
                    if (ours != null && !ours.empty()) {
                        line.put("meets_target", ours.percentile(99) <= 1000);
                    }
                    Harness.emit(results, line);
                }
            }

            Optional<String> noIgnite = igniteMissing(foundation);
            for (String store : stores) {
                if (!metrics.contains("visibility")) {
                    break;
                }
                ServicesNode nodes = new ServicesNode(foundation, List.of(fixtureJar), i -> etcFiles(store));
                Optional<String> why = nodes.unavailable().or(() -> store.equals("ignite") ? noIgnite : Optional.empty());
                if (why.isPresent()) {
                    System.err.println("services-bench: skipping visibility on " + store + ": " + why.get());
                    continue;
                }
                System.err.printf("services-bench: visibility on %s, %d entries at %d/s per repetition%n", store, count, rate);
                Samples s = finish(services.visibility(store, nodes, reps, rate, count), samples, all);
                ObjectNode line = Harness.line(s, null, s);
                withPercentiles(line, null, s);
                line.put("store", store);
                line.put("reps", reps);
                line.put("pairs", s.values.size());
                line.put("target_p99_ms", 10);
                if (!s.empty()) {
                    line.put("meets_target", s.percentile(99) <= 10);
                }
                Harness.emit(results, line);
            }

            if (metrics.contains("swap")) {
                ServicesNode nodes = new ServicesNode(foundation, List.of(fixtureJar), i -> etcFiles("embedded"));
                Optional<String> why = nodes.unavailable().or(() -> noIgnite)
                        .or(() -> stores.contains("ignite") ? Optional.empty() : Optional.of("--stores leaves out ignite"));
                if (why.isPresent()) {
                    System.err.println("services-bench: skipping swap: " + why.get());
                } else {
                    System.err.printf("services-bench: live swap embedded -> ignite -> embedded, %d registrations/s per node%n",
                            swapRate);
                    for (Samples s : services.swap(nodes, swapReps, swapRate).all()) {
                        finish(s, samples, all);
                        ObjectNode line = Harness.line(s, null, s);
                        withPercentiles(line, null, s);
                        if (!s.unit.equals("ms")) {
                            line.put("total", s.values.stream().mapToDouble(Double::doubleValue).sum());
                        }
                        if (s.metric.equals("swap_lost_entries")) {
                            line.put("target", 0);
                        }
                        Harness.emit(results, line);
                    }
                }
            }

            Harness.emitEnd(results);
        } finally {
            reaper.reapAll();
        }
        summary(all);
        System.out.println("results: " + out + " and " + samplesOut + "; node logs: " + runDir);
    }

    /** The files every node's etc/ starts with: the fixture, idle and watching, and the Ignite file for ignite. */
    static Map<String, String> etcFiles(String store) {
        String fixture = ServiceTrials.fixture(0, "start", true);
        return store.equals("ignite")
                ? Map.of(ServiceTrials.FIXTURE_CFG, fixture, ServiceTrials.IGNITE_CFG, ServiceTrials.IGNITE_CFG_TEXT)
                : Map.of(ServiceTrials.FIXTURE_CFG, fixture);
    }

    /** Why the distribution cannot run the Ignite store, if it cannot: no registry-ignite bundle in bundle/. */
    static Optional<String> igniteMissing(FoundationNode foundation) throws IOException {
        Path bundles = foundation.home().resolve("bundle");
        if (!Files.isDirectory(bundles)) {
            return Optional.of("pending distribution: " + bundles + " is missing");
        }
        try (Stream<Path> files = Files.list(bundles)) {
            return files.anyMatch(f -> f.getFileName().toString().contains("registry-ignite")) ? Optional.empty()
                    : Optional.of("pending merge: no registry-ignite bundle in " + bundles);
        }
    }

    /** The example's bundle: the one jar in {@code target} that is not sources, javadoc or an original. */
    static Optional<Path> builtJar(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".jar") && !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar")
                        && !n.startsWith("original-");
            }).findFirst();
        }
    }

    private static void withPercentiles(ObjectNode line, Samples baseline, Samples foundation) {
        if (baseline != null) {
            line.put("p99", round(baseline.percentile(99)));
        }
        if (foundation != null) {
            line.put("foundation_p99", round(foundation.percentile(99)));
        }
    }

    private static Double round(double x) {
        return Double.isNaN(x) ? null : Math.round(x * 100) / 100.0;
    }

    private static Samples finish(Samples s, PrintWriter samples, List<Samples> all) {
        s.finish();
        samples.println(Harness.samplesLine(s));
        samples.flush();
        all.add(s);
        return s;
    }

    private static List<String> list(Map<String, List<String>> opts, String key, List<String> known) {
        List<String> got = List.of(Harness.one(opts, key, String.join(",", known)).split(","));
        for (String g : got) {
            if (!known.contains(g.strip())) {
                throw new IllegalArgumentException("unknown " + key + " value " + g + "; known: " + known);
            }
        }
        return got.stream().map(String::strip).toList();
    }

    static void summary(List<Samples> all) {
        System.out.println();
        System.out.printf("%-22s %-11s %14s %10s %10s %7s %5s  %s%n", "metric", "system", "p50", "p99", "worst", "values",
                "fails", "first failure");
        for (Samples s : all) {
            String fail = s.failures.isEmpty() ? "" : s.failures.get(0);
            if (fail.length() > 90) {
                fail = fail.substring(0, 90) + "...";
            }
            System.out.printf("%-22s %-11s %14s %10s %10s %7d %5d  %s%n", s.metric, s.system,
                    s.empty() ? "-" : String.format("%.2f %s", s.p50(), s.unit),
                    s.empty() ? "-" : String.format("%.2f", s.percentile(99)),
                    s.empty() ? "-" : String.format("%.2f", s.worst()),
                    s.values.size(), s.failures.size(), fail);
        }
    }
}
