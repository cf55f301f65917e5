package io.foundation.bench.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Discovery strategies side by side: cold formation of 3 and 5 Foundation nodes through each
 * strategy (Kubernetes API stand-in, Consul stand-in, mDNS, dnsmasq, static list, local
 * directory), with raw JGroups' stock tcp.xml forming the same number of nodes in the same run
 * as the baseline; then live swaps under a message stream ({@link SwapTrial}).
 *
 * <pre>
 * java -cp benchmarks/cluster/target/cluster-bench.jar io.foundation.bench.cluster.StrategyBench
 *   [--reps 10] [--sizes 3,5] [--strategies local,static,dns,k8s,consul,mdns] [--swap-reps 5]
 *   [--foundation-bin PATH] [--testnet PATH] [--out PATH]
 * </pre>
 *
 * Prints and writes the same JSON lines as {@link Harness} (metric {@code formation_<strategy>},
 * system {@code jgroups}); the swap lines compare the swapping shell command with a plain one
 * ({@code foundation:status}) on the same node. Needs root, like the harness.
 */
public final class StrategyBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] argv) throws Exception {
        Map<String, List<String>> opts = Harness.options(argv);
        int reps = Integer.parseInt(Harness.one(opts, "reps", "10"));
        int swapReps = Integer.parseInt(Harness.one(opts, "swap-reps", "5"));
        List<Integer> sizes = Arrays.stream(Harness.one(opts, "sizes", "3,5").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<String> strategies = List.of(Harness.one(opts, "strategies", String.join(",", StrategyWorld.STRATEGIES))
                .split(","));
        for (String s : strategies) {
            if (!StrategyWorld.STRATEGIES.contains(s)) {
                throw new IllegalArgumentException("unknown strategy " + s + "; known: " + StrategyWorld.STRATEGIES);
            }
        }
        Path root = Harness.repositoryRoot();
        Path out = Path.of(Harness.one(opts, "out", Harness.jarDirectory(root).resolve("strategies.jsonl").toString()));
        Path bin = Path.of(Harness.one(opts, "foundation-bin",
                root.resolve("distribution/target/foundation/bin/foundation").toString()));
        Path testnetScript = Path.of(Harness.one(opts, "testnet", root.resolve("scripts/testnet.sh").toString()));
        if (!"0".equals(Harness.run("id", "-u").strip())) {
            System.err.println("strategy-bench: needs root: every node runs inside a network namespace");
            System.exit(2);
        }
        FoundationNode foundation = new FoundationNode(bin, "static", List.of(), "foundation ready");
        if (foundation.unavailable().isPresent()) {
            System.err.println("strategy-bench: " + foundation.unavailable().get());
            System.exit(2);
        }

        Files.createDirectories(out.toAbsolutePath().getParent());
        Reaper reaper = new Reaper();
        Testnet testnet = new Testnet(testnetScript, "sb", 0);
        reaper.onExit(testnet::down);
        Path runDir = Files.createDirectories(out.toAbsolutePath().getParent().resolve("strategy-bench-logs")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Trials trials = new Trials(testnet, reaper, runDir, new Trials.Limits(90_000, 90_000, 90_000, 90_000,
                90_000, 0));
        Map<String, Integer> groups = new LinkedHashMap<>();
        sizes.forEach(n -> groups.put("s" + n, n));
        groups.put(SwapTrial.GROUP, 3);

        List<Samples> all = new ArrayList<>();
        Path samplesOut = out.resolveSibling(out.getFileName().toString().replace(".jsonl", "") + "-samples.jsonl");
        try (PrintWriter results = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
             PrintWriter samples = new PrintWriter(Files.newBufferedWriter(samplesOut, StandardCharsets.UTF_8))) {
            Harness.emit(results, Harness.meta("strategy-bench", argv));
            testnet.up(6);
            try (StrategyWorld world = StrategyWorld.start(root, testnet, runDir, reaper, groups)) {
                for (int size : sizes) {
                    System.err.printf("strategy-bench: formation n=%d jgroups%n", size);
                    Samples baseline = finish(trials.formation(Peer.JGROUPS, size, reps, "formation", true), samples, all);
                    for (String strategy : strategies) {
                        System.err.printf("strategy-bench: formation n=%d %s%n", size, strategy);
                        StrategyNode nodes = new StrategyNode(foundation, world, "s" + size, size, i -> strategy,
                                i -> Map.of(), false);
                        Samples s = finish(trials.formation(nodes, size, reps, "formation_" + strategy, true), samples, all);
                        ObjectNode line = Harness.line(baseline, baseline, s);
                        line.put("metric", s.metric);
                        Harness.emit(results, line);
                    }
                }
                if (swapReps > 0) {
                    System.err.println("strategy-bench: swap k8s -> consul -> mdns -> static under a message stream");
                    List<Samples> swap = new SwapTrial(trials, testnet, bin)
                            .run(SwapTrial.contender(foundation, world), swapReps);
                    swap.forEach(s -> finish(s, samples, all));
                    Harness.emit(results, Harness.line(swap.get(1), swap.get(1), swap.get(0)));
                    for (Samples s : swap.subList(2, swap.size())) {
                        Harness.emit(results, Harness.line(s, null, s));
                    }
                }
            }
            Harness.emitEnd(results);
        } finally {
            reaper.reapAll();
        }
        Harness.summary(all);
        System.out.println("results: " + out + " and " + samplesOut + "; logs: " + runDir);
    }

    private static Samples finish(Samples s, PrintWriter samples, List<Samples> all) {
        s.finish();
        samples.println(Harness.samplesLine(s));
        samples.flush();
        all.add(s);
        return s;
    }
}
