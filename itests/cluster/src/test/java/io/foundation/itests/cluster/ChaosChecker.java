package io.foundation.itests.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.foundation.itests.cluster.EventLog.Event;

/**
 * The rules the chaos suite holds the cluster to, as pure functions of the merged journals, the faults injected and
 * what the nodes say; nothing here touches a process, so each rule is proven on made-up histories too.
 *
 * <ul>
 *   <li>Strict singleton: no two [start, stop] intervals of {@value #STRICT} overlap, anywhere, ever; its fence
 *       grows whenever it changes hands. A killed node's open interval ends at the kill. A frozen node cannot act:
 *       its interval ends at the SIGSTOP if it stops the instance within lease + 1 s after the SIGCONT, and
 *       otherwise runs on to its real stop.</li>
 *   <li>Placement, once converged: per side of the cluster, the fast singleton and every key 0..15 of
 *       {@value #PARTITIONED} run exactly once where keep-majority keeps the side and not at all where it does not;
 *       the strict singleton once on a side holding a majority of the consensus members, else nowhere. On a
 *       whole cluster, {@value #REPLICATED} runs once on every live node and every node sees every acknowledged
 *       registration of a live owner, and none of a dead one.</li>
 * </ul>
 */
final class ChaosChecker {

    static final String FAST = "chaos.fast";
    static final String STRICT = "chaos.strict";
    static final String REPLICATED = "chaos.replicated";
    static final String PARTITIONED = "chaos.partitioned";
    /** In numeric order. */
    static final List<String> KEYS = IntStream.range(0, 16).mapToObj(Integer::toString).toList();
    /** How long past the lease a resumed node may take to notice it lost it. */
    static final long RESUME_GRACE_MS = 1000;

    private final long leaseMillis;

    ChaosChecker(long leaseMillis) {
        this.leaseMillis = leaseMillis;
    }

    /** A broken rule: which, when, and what the history shows. */
    record Violation(String rule, long at, String details) {
    }

    /** Where one instance ran: [start, end), with why it ended where it did if not at its own stop. */
    record Interval(String node, String service, String key, String fence, long start, long end, boolean running,
                    String note) {

        Interval endingAt(long time, String why) {
            return new Interval(node, service, key, fence, start, time, false, why);
        }

        @Override
        public String toString() {
            return service + (key.equals("-") ? "" : "[" + key + "]") + " on " + node + " fence " + fence + " ["
                    + start + ", " + (running ? "still running" : end) + ")" + (note.isEmpty() ? "" : " " + note);
        }
    }

    /** One instance running now. */
    record Instance(String service, String key, String fence) {
    }

    /** What a node runs and which registry entries its watch shows, from its journal since its last boot. */
    record NodeNow(Set<Instance> running, Set<String> seen) {
    }

    /**
     * What a converged cluster must look like.
     *
     * @param sides  the live nodes, split as the network splits them (one side when whole)
     * @param before the last whole view before the fault, oldest first: keep-majority decides against it
     * @param whole  the network is whole: replicated services and the registry are checked too
     */
    record Expectation(List<Set<String>> sides, List<String> before, boolean whole) {

        Expectation {
            sides = sides.stream().map(side -> (Set<String>) Collections.unmodifiableSortedSet(new TreeSet<>(side)))
                    .toList();
            before = List.copyOf(before);
        }

        Set<String> live() {
            return sides.stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * Registry entries by what must become of them.
     *
     * @param expected acknowledged before the cut-off by the current process of a live node, not unregistered
     * @param stale    registered by a node process that is gone
     */
    record Entries(Set<String> expected, Set<String> stale) {
    }

    /** Keep-majority: more than half of the last whole view, or exactly half holding its oldest member. */
    static boolean keeps(Set<String> side, List<String> before) {
        int twice = side.size() * 2;
        return twice > before.size() || (twice == before.size() && !before.isEmpty()
                && side.contains(before.get(0)));
    }

    /** Every interval in which {@code service} ran, as the journals and the faults tell it. */
    List<Interval> intervals(String service, Map<String, List<Event>> byFile, List<Fault> faults, long now) {
        List<Interval> all = new ArrayList<>();
        byFile.forEach((node, events) -> {
            Map<String, List<Event>> open = new LinkedHashMap<>();
            for (Event e : events) {
                switch (e.type()) {
                    case BOOT -> {
                        open.values().forEach(started -> started.forEach(s -> all.add(ended(s, e.at(),
                                "ended by a restart", faults))));
                        open.clear();
                    }
                    case START -> {
                        if (e.subject().equals(service)) {
                            open.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
                        }
                    }
                    case STOP -> {
                        List<Event> started = open.getOrDefault(e.key(), List.of());
                        if (e.subject().equals(service) && !started.isEmpty()) {
                            all.add(interval(started.remove(0), e.at(), false, ""));
                        }
                    }
                    default -> {
                    }
                }
            }
            open.values().forEach(started -> started.forEach(s -> all.add(ended(s, now, "", faults))));
        });
        return all.stream().map(i -> clip(i, faults)).sorted(Comparator.comparingLong(Interval::start)).toList();
    }

    /** Overlapping strict singleton intervals, and fences that did not grow when the lease changed hands. */
    List<Violation> strictSingleton(Map<String, List<Event>> byFile, List<Fault> faults, long now) {
        List<Violation> violations = new ArrayList<>();
        List<Interval> intervals = intervals(STRICT, byFile, faults, now);
        for (int i = 0; i < intervals.size(); i++) {
            for (int j = i + 1; j < intervals.size(); j++) {
                Interval a = intervals.get(i);
                Interval b = intervals.get(j);
                if (b.start() < a.end()) {
                    violations.add(new Violation("strict singleton ran twice", b.start(), a + " overlaps " + b));
                }
            }
        }
        Interval previous = null;
        for (Interval interval : intervals) {
            Optional<Long> fence = fence(interval);
            if (fence.isEmpty()) {
                violations.add(new Violation("strict singleton without a fence", interval.start(),
                        interval.toString()));
            } else if (previous != null && fence(previous).isPresent()) {
                long before = fence(previous).get();
                boolean changedHands = !previous.node().equals(interval.node());
                if (fence.get() < before || (changedHands && fence.get() <= before)) {
                    violations.add(new Violation("strict singleton fence did not grow", interval.start(),
                            previous + " then " + interval));
                }
            }
            previous = interval;
        }
        return violations;
    }

    /** What each of the {@code live} nodes runs and sees now. */
    static Map<String, NodeNow> now(Map<String, List<Event>> byFile, Set<String> live) {
        Map<String, NodeNow> now = new TreeMap<>();
        for (String node : live) {
            Set<Instance> running = new HashSet<>();
            Set<String> seen = new TreeSet<>();
            for (Event e : sinceBoot(byFile.getOrDefault(node, List.of()))) {
                switch (e.type()) {
                    case START -> running.add(new Instance(e.subject(), e.key(), e.fence()));
                    case STOP -> running.removeIf(i -> i.service().equals(e.subject()) && i.key().equals(e.key()));
                    case SEEN -> seen.add(e.subject());
                    case GONE -> seen.remove(e.subject());
                    default -> {
                    }
                }
            }
            now.put(node, new NodeNow(running, seen));
        }
        return now;
    }

    /** Registrations as the journals tell them, relative to {@code cutoff} and the {@code live} nodes. */
    static Entries entries(Map<String, List<Event>> byFile, Set<String> live, long cutoff) {
        Set<String> expected = new TreeSet<>();
        Set<String> stale = new TreeSet<>();
        byFile.forEach((node, events) -> {
            Set<String> unregistered = events.stream().filter(e -> e.type() == Event.Type.UNREGISTERED)
                    .map(Event::subject).collect(Collectors.toSet());
            int boot = live.contains(node) ? lastBoot(events) : events.size();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                if (e.type() != Event.Type.REGISTERED || unregistered.contains(e.subject())) {
                    continue;
                }
                if (i < boot) {
                    stale.add(e.subject());
                } else if (e.at() <= cutoff) {
                    expected.add(e.subject());
                }
            }
        });
        return new Entries(expected, stale);
    }

    /** What keeps the running instances from matching {@code expected}; empty when they match. */
    List<String> placement(Map<String, NodeNow> now, Expectation expected) {
        List<String> problems = new ArrayList<>();
        int members = expected.before().size();
        for (Set<String> side : expected.sides()) {
            boolean keeps = keeps(side, expected.before());
            String where = "side " + side + (keeps ? " (kept)" : " (not kept)");
            count(problems, now, side, FAST, "-", keeps ? 1 : 0, where);
            count(problems, now, side, STRICT, "-", side.size() * 2 > members ? 1 : 0,
                    where + (side.size() * 2 > members ? " with" : " without") + " a consensus majority");
            // Keys that fail alike are reported together: a side that runs none of them says so in one line.
            Map<String, List<String>> keysByProblem = new LinkedHashMap<>();
            for (String key : KEYS) {
                List<String> one = new ArrayList<>();
                count(one, now, side, PARTITIONED, key, keeps ? 1 : 0, where);
                one.forEach(p -> keysByProblem.computeIfAbsent(p.replace("[" + key + "]", "[*]"),
                        k -> new ArrayList<>()).add(key));
            }
            keysByProblem.forEach((problem, keys) -> problems.add(problem.replace("[*]", keys.toString())));
            for (String node : side) {
                now.getOrDefault(node, new NodeNow(Set.of(), Set.of())).running().stream()
                        .filter(i -> i.service().equals(PARTITIONED) && !KEYS.contains(i.key()))
                        .forEach(i -> problems.add(PARTITIONED + " runs unknown key " + i.key() + " on " + node));
            }
        }
        if (expected.whole()) {
            for (String node : expected.live()) {
                count(problems, now, Set.of(node), REPLICATED, "-", 1, "node " + node);
            }
        }
        return problems;
    }

    /** Entries a node should see and does not, or sees and should not; {@code visible} is per node. */
    List<String> registry(Map<String, Set<String>> visible, Entries entries, String how) {
        List<String> problems = new ArrayList<>();
        visible.forEach((node, ids) -> {
            Set<String> missing = new TreeSet<>(entries.expected());
            missing.removeAll(ids);
            if (!missing.isEmpty()) {
                problems.add(node + " " + how + " lacks " + missing.size() + " acknowledged entr"
                        + (missing.size() == 1 ? "y" : "ies") + " of live owners: " + sample(missing));
            }
            Set<String> stale = new TreeSet<>(entries.stale());
            stale.retainAll(ids);
            if (!stale.isEmpty()) {
                problems.add(node + " " + how + " still shows " + stale.size() + " entr"
                        + (stale.size() == 1 ? "y" : "ies") + " of dead node processes: " + sample(stale));
            }
        });
        return problems;
    }

    /** Nodes whose split-brain guard disagrees with keep-majority about their side. */
    List<String> claims(Map<String, Boolean> keeping, Expectation expected) {
        List<String> problems = new ArrayList<>();
        for (Set<String> side : expected.sides()) {
            boolean keeps = keeps(side, expected.before());
            for (String node : side) {
                Boolean claim = keeping.get(node);
                if (claim != null && claim != keeps) {
                    problems.add(node + " says its side " + side + (claim ? " keeps" : " does not keep")
                            + " running; keep-majority over " + expected.before() + " says it "
                            + (keeps ? "does" : "does not"));
                }
            }
        }
        return problems;
    }

    private static void count(List<String> problems, Map<String, NodeNow> now, Set<String> nodes, String service,
                              String key, int expected, String where) {
        List<String> on = new ArrayList<>();
        for (String node : nodes) {
            now.getOrDefault(node, new NodeNow(Set.of(), Set.of())).running().stream()
                    .filter(i -> i.service().equals(service) && i.key().equals(key)).forEach(i -> on.add(node));
        }
        if (on.size() != expected) {
            problems.add(service + (key.equals("-") ? "" : "[" + key + "]") + " runs " + on.size() + " time(s) on "
                    + where + ", expected " + expected + (on.isEmpty() ? "" : ": on " + on));
        }
    }

    private Interval interval(Event start, long end, boolean running, String note) {
        return new Interval(start.file(), start.subject(), start.key(), start.fence(), start.at(), end, running,
                note);
    }

    /** An instance its node never stopped: it ended at a kill if there was one, else at {@code until}. */
    private Interval ended(Event start, long until, String why, List<Fault> faults) {
        Optional<Fault> kill = faults.stream().filter(f -> f.kind() == Fault.Kind.KILL && f.hits(start.file())
                && f.begin() >= start.at() && f.begin() <= until).min(Comparator.comparingLong(Fault::begin));
        if (kill.isPresent()) {
            return interval(start, kill.get().begin(), false, "ended by kill -9 at " + kill.get().begin());
        }
        return interval(start, until, why.isEmpty(), why);
    }

    /** A frozen node's instance ends at the freeze if the node stopped it promptly once resumed. */
    private Interval clip(Interval interval, List<Fault> faults) {
        if (interval.running()) {
            return interval;
        }
        for (Fault pause : faults) {
            if (pause.kind() == Fault.Kind.PAUSE && pause.hits(interval.node()) && interval.start() < pause.begin()
                    && interval.end() > pause.begin()
                    && interval.end() <= pause.end() + leaseMillis + RESUME_GRACE_MS) {
                return interval.endingAt(pause.begin(), "frozen at " + pause.begin() + ", stopped "
                        + (interval.end() - pause.end()) + " ms after SIGCONT");
            }
        }
        return interval;
    }

    private static Optional<Long> fence(Interval interval) {
        try {
            return Optional.of(Long.parseLong(interval.fence()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Event> sinceBoot(List<Event> events) {
        return events.subList(lastBoot(events), events.size());
    }

    private static int lastBoot(List<Event> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type() == Event.Type.BOOT) {
                return i;
            }
        }
        return 0;
    }

    private static String sample(Set<String> ids) {
        return ids.stream().limit(5).collect(Collectors.joining(", ")) + (ids.size() > 5 ? ", ..." : "");
    }
}
