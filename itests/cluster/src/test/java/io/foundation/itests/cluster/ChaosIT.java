package io.foundation.itests.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.foundation.itests.cluster.ChaosChecker.Expectation;
import io.foundation.itests.cluster.ChaosChecker.NodeNow;

/**
 * The chaos suite: five nodes running the chaos fixture (fast and strict singletons, a replicated and a
 * partitioned service, a registrar) go through cycles of a random fault - {@code kill -9} and restart,
 * {@code kill -STOP}/{@code -CONT}, a partition of a random minority, an even split - and after each the cluster
 * must converge within 5 s of the last fault action and keep every guarantee {@link ChaosChecker} states. The
 * seed is printed; {@code -Dchaos.seed=} replays the same faults, {@code -Dchaos.cycles=} sets how many
 * (profile {@code chaos}: 100). See docs/chaos.md.
 */
class ChaosIT extends ClusterTestSupport {

    private static final int NODES = 5;
    private static final int NET = 40;
    private static final Duration LIMIT = Duration.ofSeconds(5);
    /** After missing the limit, how long the run waits for the cluster before it gives up on it. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    /** How long a matching state must hold to count as converged: longer than failure.timeout (1 s). */
    private static final Duration STABLE = Duration.ofMillis(1500);
    /**
     * Registrations a look-up must show are those acknowledged this long before the suite asked: the embedded
     * store repairs what a member missed by its next digest, sent every second.
     */
    private static final Duration REGISTRY_REPAIR = Duration.ofSeconds(1);
    private static final long LEASE_MS = 2000;
    private static final Path FIXTURE = Path.of(System.getProperty("foundation.chaos.fixture",
            "../chaos-fixture/target/chaos-fixture.jar")).toAbsolutePath().normalize();

    private final NodeProcess[] nodes = new NodeProcess[NODES + 1];
    private final EventLog journal = new EventLog();
    private final Map<String, LineTail> logs = new LinkedHashMap<>();
    private final Map<String, ViewLine> views = new TreeMap<>();
    private final ChaosChecker checker = new ChaosChecker(LEASE_MS);
    private final List<Fault> faults = new ArrayList<>();
    private final Map<Integer, long[]> cycleSpans = new TreeMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final ExecutorService shell = Executors.newFixedThreadPool(NODES);
    private TestNetwork lan;
    private List<String> wholeView;
    private Measured worst;

    /** A violation as the summary reports it. */
    private record Finding(int cycle, String rule, String details, List<String> events) {
    }

    /** One convergence time. */
    private record Measured(int cycle, String what, long millis) {
    }

    @Test
    void everyGuaranteeHoldsThroughRandomFaults() throws Exception {
        long seed = seed();
        int cycles = Integer.getInteger("chaos.cycles", 5);
        System.out.printf("ChaosIT: seed %d, %d cycle(s); replay with -Dchaos.seed=%d -Dchaos.cycles=%d%n", seed,
                cycles, seed, cycles);
        Random random = new Random(seed);
        closeLater(shell::shutdownNow);
        startCluster();
        int done = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Fault.Kind kind = Fault.Kind.values()[random.nextInt(Fault.Kind.values().length)];
            long begin = System.currentTimeMillis();
            boolean healthy = switch (kind) {
                case KILL -> kill(cycle, 1 + random.nextInt(NODES));
                case PAUSE -> pause(cycle, 1 + random.nextInt(NODES), Duration.ofMillis(1000 + random.nextInt(2001)));
                case MINORITY -> partition(cycle, kind, minority(random));
                case SPLIT -> partition(cycle, kind, split(random));
            };
            cycleSpans.put(cycle, new long[] {begin, System.currentTimeMillis()});
            done = cycle;
            System.out.printf("ChaosIT: %s done, %d violation(s) so far%n", faults.get(faults.size() - 1),
                    findings.size());
            if (!healthy) {
                break;
            }
        }
        long now = System.currentTimeMillis();
        journal.poll();
        checker.strictSingleton(journal.byFile(), faults, now).forEach(v -> violation(cycleAt(v.at()), v.rule(),
                v.details(), v.at() - 3000, v.at() + 3000));
        journal.malformed().forEach(line -> violation(0, "malformed journal line", line, 0, -1));
        String summary = summary(seed, cycles, done);
        System.out.println(summary);
        if (!findings.isEmpty()) {
            throw new AssertionError(summary + "\n" + details());
        }
    }

    private void startCluster() throws Exception {
        if (!Files.isRegularFile(FIXTURE)) {
            throw new IllegalStateException(FIXTURE + " is missing: build itests/chaos-fixture first");
        }
        lan = closeLater(TestNetwork.bridged("chaos", NET, NODES));
        String seeds = IntStream.rangeClosed(1, NODES).mapToObj(i -> lan.address(i) + ":7800")
                .collect(Collectors.joining(","));
        String members = IntStream.rangeClosed(1, NODES).mapToObj(ChaosIT::name).collect(Collectors.joining(","));
        for (int i = 1; i <= NODES; i++) {
            nodes[i] = start(NodeProcess.node(name(i), work).in(lan, i).config("cluster", "static")
                    .config("static.seeds", seeds)
                    .etcFile("io.foundation.consensus.cfg", "members = " + members + "\n")
                    .deployed(FIXTURE));
            journal.follow(name(i), nodes[i].data().resolve("chaos/events.log"));
            logs.put(name(i), new LineTail(nodes[i].data().resolve("log/foundation.log")));
        }
        List<String> all = IntStream.rangeClosed(1, NODES).mapToObj(ChaosIT::name).toList();
        Expectation formed = new Expectation(List.of(new TreeSet<>(all)), all, true);
        long started = System.currentTimeMillis();
        if (!converge(0, "formation", formed, started, FORMATION, false)) {
            throw new AssertionError("the cluster never formed: " + details());
        }
        wholeView = views.get(name(1)).members();
    }

    private boolean kill(int cycle, int i) throws Exception {
        String victim = name(i);
        nodes[i].kill9();
        long killed = System.currentTimeMillis();
        Set<String> survivors = live();
        survivors.remove(victim);
        Expectation after = new Expectation(List.of(survivors), wholeView, true);
        boolean healthy = converge(cycle, "after kill -9 of " + victim, after, killed, LIMIT, true);
        if (healthy) {
            verify(cycle, after);
        }
        // The killed process's exec port would answer nothing; the new process writes its own.
        Files.deleteIfExists(nodes[i].data().resolve("exec.port"));
        long restarted = System.currentTimeMillis();
        logs.get(victim).read();
        views.remove(victim);
        nodes[i] = start(NodeProcess.node(victim, work).in(lan, i));
        faults.add(new Fault(cycle, Fault.Kind.KILL, List.of(victim), List.of(), killed, restarted));
        Expectation whole = whole();
        long joined;
        try {
            joined = Awaitility.await(victim + " rejoins").atMost(FORMATION).pollInterval(Duration.ofMillis(100))
                    .until(() -> viewProblems(whole).isEmpty() ? System.currentTimeMillis() : 0L, t -> t > 0);
        } catch (ConditionTimeoutException e) {
            violation(cycle, "no rejoin", victim + " restarted but never joined within " + FORMATION + ": "
                    + viewProblems(whole), restarted, System.currentTimeMillis());
            return false;
        }
        return healthy && settled(cycle, "after " + victim + " rejoined", whole, joined);
    }

    private boolean pause(int cycle, int i, Duration hold) throws Exception {
        String victim = name(i);
        nodes[i].freeze();
        long stopped = System.currentTimeMillis();
        // Holds the fault for its drawn duration; nothing is being waited for.
        Thread.sleep(hold.toMillis());
        long resumed = System.currentTimeMillis();
        nodes[i].thaw();
        faults.add(new Fault(cycle, Fault.Kind.PAUSE, List.of(victim), List.of(), stopped, resumed));
        Expectation whole = whole();
        return settled(cycle, "after SIGCONT to " + victim + " (frozen " + hold.toMillis() + " ms)", whole, resumed);
    }

    private boolean partition(int cycle, Fault.Kind kind, List<List<Integer>> groups) throws Exception {
        List<Set<String>> sides = sides(groups);
        List<String> cut = groups.stream().flatMap(List::stream).map(ChaosIT::name).toList();
        long cutting = System.currentTimeMillis();
        lan.partition(groups);
        long cutAt = System.currentTimeMillis();
        Expectation split = new Expectation(sides, wholeView, false);
        boolean healthy = converge(cycle, "sides of " + sides + " settle", split, cutting, LIMIT, true);
        if (healthy) {
            Map<String, Boolean> keeping = ask(cycle, live(), NodeState.SPLIT_BRAIN, NodeState::keeping);
            checker.claims(keeping, split).forEach(p -> violation(cycle, "split-brain guard", p, cutAt,
                    System.currentTimeMillis()));
        }
        long healing = System.currentTimeMillis();
        lan.healAll();
        faults.add(new Fault(cycle, kind, cut, sides, cutAt, healing));
        Expectation whole = whole();
        return healthy && settled(cycle, "after the heal of " + sides, whole, healing);
    }

    /** One or two random nodes cut off together. */
    private static List<List<Integer>> minority(Random random) {
        List<Integer> shuffled = shuffled(random);
        return List.of(shuffled.subList(0, 1 + random.nextInt(2)));
    }

    /**
     * Five nodes cannot split evenly in two; the nearest is 2|2|1: two pairs and one node alone (left on the main
     * bridge), so no side holds a majority and keep-majority keeps none.
     */
    private static List<List<Integer>> split(Random random) {
        List<Integer> shuffled = shuffled(random);
        return List.of(shuffled.subList(0, 2), shuffled.subList(2, 4));
    }

    private static List<Integer> shuffled(Random random) {
        List<Integer> all = new ArrayList<>(IntStream.rangeClosed(1, NODES).boxed().toList());
        Collections.shuffle(all, random);
        return all;
    }

    /** The groups, plus the nodes left on the main bridge as one more side. */
    private List<Set<String>> sides(List<List<Integer>> groups) {
        List<Set<String>> sides = new ArrayList<>();
        Set<String> rest = live();
        for (List<Integer> group : groups) {
            Set<String> side = group.stream().map(ChaosIT::name).collect(Collectors.toCollection(TreeSet::new));
            rest.removeAll(side);
            sides.add(side);
        }
        if (!rest.isEmpty()) {
            sides.add(rest);
        }
        return sides;
    }

    /** Convergence of the whole cluster at the end of a cycle, then what the nodes say of it. */
    private boolean settled(int cycle, String what, Expectation whole, long reference) {
        if (!converge(cycle, what, whole, reference, LIMIT, true)) {
            return false;
        }
        verify(cycle, whole);
        wholeView = views.get(whole.live().iterator().next()).members();
        return true;
    }

    /**
     * Waits until the cluster matches {@code expected} and keeps matching it for {@link #STABLE}; it converged
     * when that steady state began. {@code reference} is the last fault action. A state that holds only for a
     * moment does not count: right after a SIGCONT everything can still look as before the freeze while the others
     * are about to remove the node. Converging later than {@code limit} is a violation; the run waits
     * {@link #RECOVERY} past the limit before it gives up on the cluster.
     */
    private boolean converge(int cycle, String what, Expectation expected, long reference, Duration limit,
                             boolean measured) {
        long deadline = reference + limit.toMillis();
        long[] steadySince = {0};
        List<String> atLimit = new ArrayList<>();
        try {
            Awaitility.await(what).atMost(Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis()))
                            .plus(RECOVERY)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        long now = System.currentTimeMillis();
                        List<String> problems = problems(expected, reference);
                        if (!problems.isEmpty()) {
                            steadySince[0] = 0;
                            if (now > deadline && atLimit.isEmpty()) {
                                atLimit.addAll(problems);
                            }
                            return false;
                        }
                        if (steadySince[0] == 0) {
                            steadySince[0] = now;
                        }
                        return now - steadySince[0] >= STABLE.toMillis();
                    });
        } catch (ConditionTimeoutException e) {
            violation(cycle, "no convergence", what + ": still not converged " + (limit.plus(RECOVERY))
                    .toSeconds() + " s after the last fault action: " + problems(expected, reference),
                    reference, System.currentTimeMillis());
            return false;
        }
        long millis = steadySince[0] - reference;
        if (measured) {
            if (worst == null || millis > worst.millis()) {
                worst = new Measured(cycle, what, millis);
            }
            System.out.printf("ChaosIT: cycle %d: converged %s in %d ms%n", cycle, what, millis);
        }
        if (millis > limit.toMillis()) {
            violation(cycle, "slow convergence", what + ": converged after " + millis + " ms, limit "
                    + limit.toMillis() + " ms; after the limit: " + (atLimit.isEmpty()
                    ? "[a state that matched, then changed again]" : atLimit), reference, steadySince[0]);
        }
        return true;
    }

    /** What the journals and logs say keeps the cluster from {@code expected}. */
    private List<String> problems(Expectation expected, long cutoff) {
        List<String> problems = new ArrayList<>(viewProblems(expected));
        Map<String, NodeNow> now = ChaosChecker.now(journal.byFile(), expected.live());
        problems.addAll(checker.placement(now, expected));
        if (expected.whole()) {
            Map<String, Set<String>> seen = new TreeMap<>();
            now.forEach((node, state) -> seen.put(node, state.seen()));
            problems.addAll(checker.registry(seen, ChaosChecker.entries(journal.byFile(), expected.live(), cutoff),
                    "(registry watch)"));
        }
        return problems;
    }

    /** Every node of a side in the same view, holding exactly that side. */
    private List<String> viewProblems(Expectation expected) {
        journal.poll();
        logs.forEach((node, tail) -> tail.read().forEach(line -> ViewLine.parse(line)
                .ifPresent(v -> views.put(node, v))));
        List<String> problems = new ArrayList<>();
        for (Set<String> side : expected.sides()) {
            Set<Long> ids = new TreeSet<>();
            for (String node : side) {
                ViewLine view = views.get(node);
                if (view == null || !new TreeSet<>(view.members()).equals(side)) {
                    problems.add(node + "'s view is " + (view == null ? "not there yet" : view.members())
                            + ", expected " + side);
                } else {
                    ids.add(view.id());
                }
            }
            if (ids.size() > 1) {
                problems.add("side " + side + " is in several views: " + ids);
            }
        }
        return problems;
    }

    /**
     * What the nodes say once the cluster converged, against the journals: the same placement everywhere, the
     * instances each node reports running are the ones it journaled, and its registry look-up holds every
     * acknowledged registration of a live owner and none of a dead one.
     */
    private void verify(int cycle, Expectation expected) {
        long asked = System.currentTimeMillis();
        Map<String, Map<String, NodeState.Service>> services = ask(cycle, expected.live(), NodeState.SERVICES,
                NodeState::services);
        Map<String, Set<String>> visible = ask(cycle, expected.live(), NodeState.REGISTRY, NodeState::registryIds);
        long answered = System.currentTimeMillis();
        // Read after the answers: a registration closed while the nodes answered is then known to be gone.
        journal.poll();
        Map<String, NodeNow> now = ChaosChecker.now(journal.byFile(), expected.live());
        Map<String, Map<String, String>> placements = new TreeMap<>();
        services.forEach((node, reported) -> {
            for (String name : List.of(ChaosChecker.FAST, ChaosChecker.STRICT, ChaosChecker.REPLICATED,
                    ChaosChecker.PARTITIONED)) {
                NodeState.Service service = reported.get(name);
                if (service == null) {
                    violation(cycle, "services", node + " does not report " + name, asked, answered);
                    continue;
                }
                Map<String, String> first = placements.putIfAbsent(name, service.placement());
                if (first != null && !first.equals(service.placement())) {
                    violation(cycle, "placement differs", name + ": " + node + " places " + service.placement()
                            + ", another node " + first, asked, answered);
                }
                Set<String> journaled = now.get(node).running().stream().filter(r -> r.service().equals(name))
                        .map(ChaosChecker.Instance::key).collect(Collectors.toCollection(TreeSet::new));
                Set<String> running = service.runningKeys();
                boolean same = name.equals(ChaosChecker.REPLICATED) ? journaled.size() == running.size()
                        : journaled.equals(running);
                if (!same) {
                    violation(cycle, "services", node + " reports " + name + " running for " + running
                            + " but journaled " + journaled, asked, answered);
                }
            }
        });
        checker.registry(visible, ChaosChecker.entries(journal.byFile(), expected.live(),
                        asked - REGISTRY_REPAIR.toMillis()),
                "(registry look-up)").forEach(p -> violation(cycle, "registry", p, asked, answered));
    }

    /**
     * Runs {@code command} on the nodes at once and reads each answer with {@code read}; a node that cannot
     * answer, or answers something {@code read} does not understand, is a violation.
     */
    private <T> Map<String, T> ask(int cycle, Set<String> names, String command, Function<JsonNode, T> read) {
        Map<String, CompletableFuture<T>> answers = new TreeMap<>();
        for (String name : names) {
            NodeProcess node = nodes[index(name)];
            answers.put(name, CompletableFuture.supplyAsync(() -> read.apply(node.json(command)), shell));
        }
        Map<String, T> result = new TreeMap<>();
        answers.forEach((name, answer) -> {
            try {
                result.put(name, answer.join());
            } catch (CompletionException e) {
                violation(cycle, "shell", name + ": " + command + ": " + e.getCause().getMessage(), 0, -1);
            }
        });
        return result;
    }

    private Expectation whole() {
        return new Expectation(List.of(live()), wholeView, true);
    }

    private Set<String> live() {
        Set<String> live = new TreeSet<>();
        for (int i = 1; i <= NODES; i++) {
            if (nodes[i].alive()) {
                live.add(name(i));
            }
        }
        return live;
    }

    private void violation(int cycle, String rule, String details, long from, long to) {
        List<String> events = to < from ? List.of()
                : journal.between(from, to, Set.of()).stream().map(Object::toString).toList();
        findings.add(new Finding(cycle, rule, details, events.size() > 40
                ? events.subList(events.size() - 40, events.size()) : events));
    }

    private int cycleAt(long time) {
        return cycleSpans.entrySet().stream().filter(e -> time >= e.getValue()[0] && time <= e.getValue()[1])
                .map(Map.Entry::getKey).findFirst().orElse(0);
    }

    private String summary(long seed, int cycles, int done) {
        Map<Fault.Kind, Long> byKind = new EnumMap<>(Fault.Kind.class);
        faults.forEach(f -> byKind.merge(f.kind(), 1L, Long::sum));
        return "=== Chaos summary ===\n"
                + "seed: " + seed + " (replay: -Dchaos.seed=" + seed + " -Dchaos.cycles=" + cycles + ")\n"
                + "cycles: " + done + " of " + cycles + "\n"
                + "faults: " + byKind.entrySet().stream().map(e -> e.getKey().words() + " = " + e.getValue())
                .collect(Collectors.joining(", ")) + "\n"
                + "worst convergence: " + (worst == null ? "-" : worst.millis() + " ms (cycle " + worst.cycle() + ", "
                + worst.what() + ")") + ", limit " + LIMIT.toMillis() + " ms\n"
                + "violations: " + findings.size();
    }

    private String details() {
        Map<Integer, Fault> byCycle = faults.stream().collect(Collectors.toMap(Fault::cycle, Function.identity(),
                (a, b) -> a));
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append("\n- cycle ").append(f.cycle()).append(byCycle.containsKey(f.cycle())
                    ? " (" + byCycle.get(f.cycle()).kind().words() + " " + byCycle.get(f.cycle()).nodes() + ")" : "")
                    .append(": ").append(f.rule()).append(": ").append(f.details());
            f.events().forEach(e -> out.append("\n    ").append(e));
        }
        return out.toString();
    }

    private static long seed() {
        String text = System.getProperty("chaos.seed", "").strip();
        if (text.isEmpty()) {
            return new SecureRandom().nextLong();
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("chaos.seed must be a long, as a run prints it: '" + text + "'", e);
        }
    }

    private static String name(int i) {
        return "n" + i;
    }

    private static int index(String name) {
        return Integer.parseInt(name.substring(1));
    }
}
