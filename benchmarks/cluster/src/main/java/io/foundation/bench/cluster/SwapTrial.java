package io.foundation.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Live strategy swap under load: n1..n3 form through {@code k8s} and stream numbered messages to
 * each other over their cluster channel ({@code foundation:traffic}); each node is then switched
 * to {@code consul}, {@code mdns} and {@code static} from the shell, and after each swap a
 * newcomer that only the new strategy can find (n4 registered in Consul, n5 on mDNS, n6 in the
 * static list) is launched. Measures the shell command that swaps (beside a plain shell command
 * on the same node as its baseline), the newcomer's launch to its place in every view, and the
 * messages lost and duplicated over the whole run. A member leaving any view fails the repetition.
 */
final class SwapTrial {

    static final String GROUP = "swap";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SWAPS = List.of("consul", "mdns", "static");
    private static final long DEADLINE_MS = 90_000;

    private final Trials trials;
    private final Testnet testnet;
    private final Path foundationBin;

    SwapTrial(Trials trials, Testnet testnet, Path foundationBin) {
        this.trials = trials;
        this.testnet = testnet;
        this.foundationBin = foundationBin;
    }

    /** The contender whose nodes 1..3 start on k8s and whose n4..n6 only their own strategy finds. */
    static StrategyNode contender(FoundationNode foundation, StrategyWorld world) {
        return new StrategyNode(foundation, world, GROUP, 3,
                i -> i <= 3 ? "k8s" : SWAPS.get(i - 4),
                i -> Map.of("FOUNDATION_SEEDS", world.address(i <= 3 ? 6 : 1) + ":" + StrategyWorld.PORT), true);
    }

    /** Returns the swap command, the plain command, newcomer join, lost and duplicated samples. */
    List<Samples> run(StrategyNode contender, int reps) throws Exception {
        Samples swap = new Samples("swap_command", 3, "foundation", "ms");
        Samples plain = new Samples("swap_command", 3, "shell_command", "ms");
        Samples join = new Samples("swap_newcomer_join", 3, "foundation", "ms");
        Samples lost = new Samples("swap_messages_lost", 3, "foundation", "msgs");
        Samples duplicated = new Samples("swap_messages_duplicated", 3, "foundation", "msgs");
        for (int rep = 0; rep < reps; rep++) {
            try (Cluster cluster = trials.newCluster(contender, 6, true)) {
                String failure = once(cluster, swap, plain, join, lost, duplicated);
                if (failure != null) {
                    swap.fail(failure + ": " + cluster.describe());
                }
            }
            System.err.printf("  swap rep %d: %d swaps, %d lost, %d failed%n", rep + 1, swap.values.size(),
                    (long) lost.values.stream().mapToDouble(Double::doubleValue).sum(), swap.failures.size());
        }
        return List.of(swap, plain, join, lost, duplicated);
    }

    /** One repetition; returns why it failed, or null. */
    private String once(Cluster cluster, Samples swap, Samples plain, Samples join, Samples lost, Samples duplicated)
            throws Exception {
        for (int i = 1; i <= 3; i++) {
            cluster.launch(i);
        }
        if (!awaitViewWith(cluster, 3, Set.of("n1", "n2", "n3"))) {
            return "n1..n3 did not form through k8s";
        }
        for (int i = 1; i <= 3; i++) {
            if (exec(cluster, i, "foundation:traffic --rate 100 start").status != 0) {
                return "n" + i + ": traffic start failed";
            }
        }
        Set<String> expected = new HashSet<>(Set.of("n1", "n2", "n3"));
        for (int s = 0; s < SWAPS.size(); s++) {
            String strategy = SWAPS.get(s);
            for (int i = 1; i <= 3; i++) {
                plain.add(exec(cluster, i, "foundation:status").millis);
                Exec result = exec(cluster, i, "foundation:strategy-use " + strategy);
                if (result.status != 0) {
                    return "n" + i + ": strategy-use " + strategy + " refused: " + result.out;
                }
                swap.add(result.millis);
            }
            int newcomer = 4 + s;
            expected.add("n" + newcomer);
            long t0 = System.currentTimeMillis();
            cluster.launch(newcomer);
            if (!awaitViewWith(cluster, 3, expected)) {
                return "n" + newcomer + " (only " + strategy + " can find it) did not join";
            }
            long last = 0;
            for (int i = 1; i <= 3; i++) {
                last = Math.max(last, cluster.node(i).latestView().orElseThrow().t());
            }
            join.add(last - t0);
        }
        for (int i = 1; i <= 3; i++) {
            exec(cluster, i, "foundation:traffic stop");
        }
        long[] counted = countStreams(cluster);
        if (counted == null) {
            return "the streams did not arrive to their ends within " + DEADLINE_MS + " ms";
        }
        lost.add(counted[0]);
        duplicated.add(counted[1]);
        for (int i = 1; i <= 3; i++) {
            Set<String> seen = new HashSet<>();
            for (NodeEvent e : cluster.node(i).events()) {
                if (e.isView() && (e.members().containsAll(Set.of("n1", "n2", "n3")) || !seen.isEmpty())) {
                    if (!e.members().containsAll(seen)) {
                        return "n" + i + " dropped a member during the swaps: " + e.members();
                    }
                    seen.addAll(e.members());
                }
            }
        }
        return null;
    }

    /** Waits until nodes 1..{@code upTo} each have a latest view of exactly {@code members}. */
    private static boolean awaitViewWith(Cluster cluster, int upTo, Set<String> members) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        for (int i = 1; i <= upTo; i++) {
            boolean ok = cluster.node(i).awaitState(events -> {
                for (int e = events.size() - 1; e >= 0; e--) {
                    if (events.get(e).isView()) {
                        return new HashSet<>(events.get(e).members()).equals(members);
                    }
                }
                return false;
            }, deadline);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Once every stream has reached its last message at every receiver: {lost, duplicated} over
     * all sender-receiver pairs, or null at the deadline.
     */
    private long[] countStreams(Cluster cluster) throws Exception {
        long[] sent = new long[4];
        for (int i = 1; i <= 3; i++) {
            sent[i] = JSON.readTree(exec(cluster, i, "foundation:traffic --json report").out).get("sent").asLong();
        }
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            long lost = 0;
            long duplicated = 0;
            boolean complete = true;
            for (int receiver = 1; receiver <= 3 && complete; receiver++) {
                JsonNode report = JSON.readTree(exec(cluster, receiver, "foundation:traffic --json report").out);
                for (int sender = 1; sender <= 3; sender++) {
                    if (sender == receiver) {
                        continue;
                    }
                    JsonNode from = from(report, "n" + sender);
                    if (from == null || from.get("last").asLong() != sent[sender] - 1) {
                        complete = false;
                        break;
                    }
                    lost += from.get("lost").asLong();
                    duplicated += from.get("duplicated").asLong();
                }
            }
            if (complete) {
                return new long[] {lost, duplicated};
            }
        }
        return null;
    }

    private static JsonNode from(JsonNode report, String member) {
        for (JsonNode s : report.get("senders")) {
            if (s.get("member").asText().equals(member)) {
                return s;
            }
        }
        return null;
    }

    private record Exec(int status, String out, long millis) {
    }

    /** {@code bin/foundation exec} against node {@code i}, inside its namespace; timed. */
    private Exec exec(Cluster cluster, int i, String command) throws IOException, InterruptedException {
        Path data = cluster.data(i);
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (!Files.exists(data.resolve("exec.port"))) {
            if (System.currentTimeMillis() > deadline || !cluster.node(i).alive()) {
                return new Exec(-1, "no exec endpoint", 0);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        List<String> cmd = new ArrayList<>(testnet.exec(Integer.toString(i)));
        cmd.addAll(List.of(foundationBin.toString(), "exec", "--data", data.toString(), command));
        Path out = Files.createTempFile("swap", ".out");
        try {
            long t0 = System.nanoTime();
            Process p = testnet.environment(new ProcessBuilder(cmd)).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Exec(-1, "timed out", 0);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return new Exec(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), millis);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
