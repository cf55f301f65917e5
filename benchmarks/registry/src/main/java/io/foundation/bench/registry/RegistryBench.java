package io.foundation.bench.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link LookupBenchmark} and {@link DiscoverBenchmark} and prints, per pair, the facade beside its plain-Java
 * baseline as one JSON line ({"metric","foundation_ns","baseline_ns","ratio","target_ratio"}) and a table; writes
 * registry.jsonl and JMH's own jmh-registry.json next to the jar.
 *
 * <pre>
 * java -cp benchmarks/registry/target/benchmarks.jar io.foundation.bench.registry.RegistryBench [--quick]
 * </pre>
 *
 * {@code --quick}: one fork, one warm-up and two measured seconds per benchmark, to check that it runs.
 */
public final class RegistryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NOTE = "The registry facade answers look-ups and discovery from this node's local index, "
            + "whichever store (embedded or Ignite) fills it; JMH therefore measures the facade (core's BundleRegistry "
            + "over Registry, filled by a preloaded in-memory store), and the figures hold for both stores.";

    private RegistryBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path dir = jarDirectory();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(LookupBenchmark.class.getName())
                .include(DiscoverBenchmark.class.getName())
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("jmh-registry.json").toString());
        if (quick) {
            options.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        }
        System.out.println(NOTE);
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> score = new HashMap<>();
        Map<String, String> unit = new HashMap<>();
        for (RunResult r : results) {
            String param = r.getParams().getParam("perName");
            String key = r.getParams().getBenchmark().replaceAll(".*\\.", "") + (param == null ? "" : ":" + param);
            score.put(key, r.getPrimaryResult().getScore());
            unit.put(key, r.getPrimaryResult().getScoreUnit());
        }
        Path out = dir.resolve("registry.jsonl");
        System.out.println();
        System.out.println(NOTE);
        System.out.printf("%-30s %14s %14s %8s %8s%n", "metric", "facade", "baseline", "ratio", "target");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            for (String perName : List.of("1", "10")) {
                pair(w, score, unit, "lookup_" + perName + "_per_name", "facadeLookup:" + perName, "mapGet:" + perName,
                        "ConcurrentHashMap.get", 2.0);
            }
            pair(w, score, unit, "discover_10000", "facadeDiscover", "streamFilter", "stream filter", null);
            pair(w, score, unit, "discover_10000_named", "facadeDiscoverNamed", "streamFilterNamed", "stream filter", null);
        }
        System.out.println("results: " + out + " and " + dir.resolve("jmh-registry.json"));
    }

    private static void pair(PrintWriter w, Map<String, Double> score, Map<String, String> unit, String metric,
                             String ours, String theirs, String baseline, Double target) {
        Double f = score.get(ours);
        Double b = score.get(theirs);
        if (f == null || b == null) {
            return;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("metric", metric);
        o.put("system", baseline);
        o.put("unit", unit.get(ours));
        o.put("foundation", round(f));
        o.put("baseline", round(b));
        o.put("ratio", round(f / b));
        if (target != null) {
            o.put("target_ratio", target);
            o.put("meets_target", f / b <= target);
        }
        o.put("note", "local index read; same for the embedded and the Ignite store");
        w.println(o);
        System.out.println(o);
        System.out.printf("%-30s %11.3f %-2s %11.3f %-2s %8.2f %8s%n", metric, f, unit.get(ours), b, unit.get(theirs),
                f / b, target == null ? "-" : "<= " + target);
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    private static Path jarDirectory() {
        try {
            Path jar = Path.of(RegistryBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent();
        } catch (Exception e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
