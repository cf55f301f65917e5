package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foundation.itests.cluster.ChaosChecker.Expectation;
import io.foundation.itests.cluster.ChaosChecker.NodeNow;
import io.foundation.itests.cluster.EventLog.Event;

/** The chaos checker on made-up histories: it must pass good ones and catch every kind of bad one. */
class ChaosCheckerTest {

    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");
    private static final long NOW = 100_000;

    private final ChaosChecker checker = new ChaosChecker(2000);
    private final Map<String, List<Event>> journals = new LinkedHashMap<>();
    private final List<Fault> faults = new ArrayList<>();

    /** Appends journal lines to {@code node}'s journal, as the fixture writes them. */
    private ChaosCheckerTest journal(String node, String... lines) {
        for (String line : lines) {
            journals.computeIfAbsent(node, n -> new ArrayList<>()).add(Event.parse(node, line));
        }
        return this;
    }

    private List<ChaosChecker.Violation> strict() {
        return checker.strictSingleton(journals, faults, NOW);
    }

    // --- strict singleton --------------------------------------------------------------------------------------

    @Test
    void aHandOffAtTheSameMillisecondIsNoOverlap() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100", "stop chaos.strict - n1 1 2000");
        journal("n2", "boot n2 0", "start chaos.strict - n2 2 2000");
        assertThat(strict()).isEmpty();
    }

    @Test
    void twoStrictInstancesAtOnceAreCaught() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100", "stop chaos.strict - n1 1 2000");
        journal("n2", "boot n2 0", "start chaos.strict - n2 2 1999");
        assertThat(strict()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("strict singleton ran twice");
            assertThat(v.at()).isEqualTo(1999);
            assertThat(v.details()).contains("on n1", "on n2");
        });
    }

    @Test
    void aStrictInstanceStillRunningOverlapsANewOne() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100");
        journal("n2", "boot n2 0", "start chaos.strict - n2 2 5000");
        assertThat(strict()).extracting(ChaosChecker.Violation::rule).containsExactly("strict singleton ran twice");
    }

    @Test
    void aKilledNodesInstanceEndsAtTheKill() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100", "boot n1 9000");
        journal("n2", "boot n2 0", "start chaos.strict - n2 2 3500");
        faults.add(new Fault(1, Fault.Kind.KILL, List.of("n1"), List.of(), 1000, 6000));
        assertThat(strict()).isEmpty();
    }

    @Test
    void aNewInstanceBeforeTheKillIsCaught() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100");
        journal("n2", "boot n2 0", "start chaos.strict - n2 2 500");
        faults.add(new Fault(1, Fault.Kind.KILL, List.of("n1"), List.of(), 1000, 6000));
        assertThat(strict()).extracting(ChaosChecker.Violation::rule).containsExactly("strict singleton ran twice");
    }

    @Test
    void withoutARecordedKillAnInstanceEndsOnlyAtTheRestart() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100", "boot n1 9000");
        journal("n2", "boot n2 0", "start chaos.strict - n2 2 3500");
        assertThat(strict()).singleElement().satisfies(v -> assertThat(v.details()).contains("ended by a restart"));
    }

    @Test
    void aFrozenOwnerThatStopsWithinLeasePlusASecondOfResumingEndsAtTheFreeze() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100", "stop chaos.strict - n1 1 5900");
        journal("n2", "boot n2 0", "start chaos.strict - n2 2 3200");
        faults.add(new Fault(1, Fault.Kind.PAUSE, List.of("n1"), List.of(), 1000, 3000));
        assertThat(strict()).isEmpty();
        assertThat(checker.intervals(ChaosChecker.STRICT, journals, faults, NOW).get(0).note())
                .contains("frozen at 1000");
    }

    @Test
    void aFrozenOwnerThatKeepsRunningPastLeasePlusASecondAfterResumingIsCaught() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100", "stop chaos.strict - n1 1 6001");
        journal("n2", "boot n2 0", "start chaos.strict - n2 2 3200");
        faults.add(new Fault(1, Fault.Kind.PAUSE, List.of("n1"), List.of(), 1000, 3000));
        assertThat(strict()).extracting(ChaosChecker.Violation::rule).containsExactly("strict singleton ran twice");
    }

    @Test
    void aFrozenOwnerThatKeptItsLeaseAndRunsOnIsFine() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100");
        faults.add(new Fault(1, Fault.Kind.PAUSE, List.of("n1"), List.of(), 1000, 2000));
        assertThat(strict()).isEmpty();
    }

    @Test
    void theFenceMustGrowWhenTheLeaseChangesHands() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 4 100", "stop chaos.strict - n1 4 200");
        journal("n2", "boot n2 0", "start chaos.strict - n2 4 300", "stop chaos.strict - n2 4 400");
        journal("n3", "boot n3 0", "start chaos.strict - n3 - 500");
        assertThat(strict()).extracting(ChaosChecker.Violation::rule)
                .containsExactly("strict singleton fence did not grow", "strict singleton without a fence");
    }

    @Test
    void otherServicesNeverCountAsStrictInstances() {
        journal("n1", "boot n1 0", "start chaos.strict - n1 1 100", "start chaos.fast - n1 - 100");
        journal("n2", "boot n2 0", "start chaos.fast - n2 - 200", "start chaos.partitioned 3 n2 - 200");
        assertThat(strict()).isEmpty();
    }

    // --- placement ---------------------------------------------------------------------------------------------

    @Test
    void keepMajorityKeepsTheSideWithMoreThanHalfOrHalfWithTheOldest() {
        assertThat(ChaosChecker.keeps(Set.of("n1", "n2", "n3"), FIVE)).isTrue();
        assertThat(ChaosChecker.keeps(Set.of("n4", "n5"), FIVE)).isFalse();
        assertThat(ChaosChecker.keeps(Set.of("n1", "n2"), FIVE)).isFalse();
        assertThat(ChaosChecker.keeps(Set.of("n1", "n2"), List.of("n1", "n2", "n3", "n4"))).isTrue();
        assertThat(ChaosChecker.keeps(Set.of("n3", "n4"), List.of("n1", "n2", "n3", "n4"))).isFalse();
    }

    @Test
    void aMinorityPartitionRunsEverythingOnceOnTheMajorityAndNothingOnTheMinority() {
        Expectation split = new Expectation(List.of(Set.of("n1", "n2", "n3"), Set.of("n4", "n5")), FIVE, false);
        journal("n1", "boot n1 0", "start chaos.fast - n1 - 1", "start chaos.strict - n1 7 1");
        journal("n2", "boot n2 0");
        journal("n3", "boot n3 0");
        for (int key = 0; key < 16; key++) {
            journal("n" + (1 + key % 3), "start chaos.partitioned " + key + " n" + (1 + key % 3) + " - 2");
        }
        journal("n4", "boot n4 0", "start chaos.replicated - n4 - 1");
        journal("n5", "boot n5 0");
        assertThat(placement(split)).isEmpty();

        journal("n4", "start chaos.fast - n4 - 3", "start chaos.partitioned 3 n4 - 3");
        journal("n2", "start chaos.fast - n2 - 3");
        assertThat(placement(split)).containsExactlyInAnyOrder(
                "chaos.fast runs 2 time(s) on side [n1, n2, n3] (kept), expected 1: on [n1, n2]",
                "chaos.fast runs 1 time(s) on side [n4, n5] (not kept), expected 0: on [n4]",
                "chaos.partitioned[3] runs 1 time(s) on side [n4, n5] (not kept), expected 0: on [n4]");
    }

    @Test
    void anInstanceStoppedOrOnAPreviousBootDoesNotRun() {
        journal("n1", "boot n1 0", "start chaos.fast - n1 - 1", "stop chaos.fast - n1 - 2");
        journal("n2", "boot n2 0", "start chaos.fast - n2 - 1", "boot n2 50");
        journal("n3", "boot n3 0", "start chaos.strict - n3 1 1");
        Map<String, NodeNow> now = ChaosChecker.now(journals, Set.of("n1", "n2", "n3"));
        assertThat(now.get("n1").running()).isEmpty();
        assertThat(now.get("n2").running()).isEmpty();
        assertThat(now.get("n3").running()).containsExactly(new ChaosChecker.Instance("chaos.strict", "-", "1"));
    }

    @Test
    void anEvenSplitOfFiveKeepsNoSide() {
        Expectation split = new Expectation(List.of(Set.of("n1", "n2"), Set.of("n3", "n4"), Set.of("n5")), FIVE,
                false);
        FIVE.forEach(n -> journal(n, "boot " + n + " 0"));
        assertThat(placement(split)).isEmpty();
        journal("n1", "start chaos.strict - n1 3 1");
        assertThat(placement(split)).containsExactly(
                "chaos.strict runs 1 time(s) on side [n1, n2] (not kept) without a consensus majority, expected 0: "
                        + "on [n1]");
    }

    @Test
    void aWholeClusterRunsEachSingletonEachKeyAndEachReplicaExactlyOnce() {
        Expectation whole = new Expectation(List.of(Set.copyOf(FIVE)), FIVE, true);
        FIVE.forEach(n -> journal(n, "boot " + n + " 0", "start chaos.replicated - " + n + " - 1"));
        journal("n1", "start chaos.fast - n1 - 1", "start chaos.strict - n1 2 1");
        for (int key = 0; key < 16; key++) {
            journal("n2", "start chaos.partitioned " + key + " n2 - 1");
        }
        assertThat(placement(whole)).isEmpty();

        journal("n2", "stop chaos.partitioned 4 n2 - 2", "stop chaos.partitioned 11 n2 - 2");
        assertThat(placement(whole)).containsExactly("chaos.partitioned[4, 11] runs 0 time(s) on side "
                + sorted(FIVE) + " (kept), expected 1");
        journal("n2", "start chaos.partitioned 4 n2 - 2", "start chaos.partitioned 11 n2 - 2");

        journal("n5", "stop chaos.replicated - n5 - 2", "start chaos.partitioned 16 n5 - 2");
        journal("n2", "stop chaos.partitioned 9 n2 - 2");
        assertThat(placement(whole)).containsExactlyInAnyOrder(
                "chaos.partitioned[9] runs 0 time(s) on side " + sorted(FIVE) + " (kept), expected 1",
                "chaos.partitioned runs unknown key 16 on n5",
                "chaos.replicated runs 0 time(s) on node n5, expected 1");
    }

    // --- registry ----------------------------------------------------------------------------------------------

    @Test
    void acknowledgedRegistrationsOfLiveOwnersMustBeSeenAndThoseOfDeadProcessesMustNot() {
        journal("n1", "boot n1 0", "registered a n1 10", "registered b n1 20", "unregistered b n1 30",
                "registered late n1 900");
        journal("n2", "boot n2 0", "registered old n2 10", "boot n2 500", "registered new n2 600");
        journal("n3", "boot n3 0", "registered gone n3 10");
        ChaosChecker.Entries entries = ChaosChecker.entries(journals, Set.of("n1", "n2"), 800);
        assertThat(entries.expected()).containsExactly("a", "new");
        assertThat(entries.stale()).containsExactly("gone", "old");

        assertThat(checker.registry(Map.of("n1", Set.of("a", "new", "late")), entries, "(watch)")).isEmpty();
        assertThat(checker.registry(Map.of("n2", Set.of("a", "old")), entries, "(watch)")).containsExactly(
                "n2 (watch) lacks 1 acknowledged entry of live owners: new",
                "n2 (watch) still shows 1 entry of dead node processes: old");
    }

    @Test
    void theWatchJournalTellsWhatANodeSees() {
        journal("n1", "boot n1 0", "seen a n1 1", "seen b n1 2", "gone a n1 3", "boot n1 10", "seen c n1 11");
        assertThat(ChaosChecker.now(journals, Set.of("n1")).get("n1").seen()).containsExactly("c");
    }

    // --- split-brain claims ------------------------------------------------------------------------------------

    @Test
    void aGuardThatKeepsAMinorityOrDropsTheMajorityIsCaught() {
        Expectation split = new Expectation(List.of(Set.of("n1", "n2", "n3"), Set.of("n4", "n5")), FIVE, false);
        assertThat(checker.claims(Map.of("n1", true, "n2", true, "n3", true, "n4", false, "n5", false), split))
                .isEmpty();
        assertThat(checker.claims(Map.of("n1", true, "n2", false, "n3", true, "n4", true, "n5", false), split))
                .hasSize(2).anySatisfy(p -> assertThat(p).startsWith("n2 says its side"))
                .anySatisfy(p -> assertThat(p).startsWith("n4 says its side"));
    }

    // --- journal -----------------------------------------------------------------------------------------------

    @Test
    void journalLinesParseAndAnythingElseIsRefusedByName() {
        Event start = Event.parse("n1", "start chaos.partitioned 7 n1 - 1700000000000");
        assertThat(start).isEqualTo(new Event("n1", Event.Type.START, "chaos.partitioned", "7", "n1", "-",
                1_700_000_000_000L));
        assertThat(Event.parse("n2", "registered e-1 n2 5").subject()).isEqualTo("e-1");
        assertThatThrownBy(() -> Event.parse("n1", "start chaos.fast n1 5")).hasMessageContaining("n1: not a chaos "
                + "journal line: 'start chaos.fast n1 5'");
        assertThatThrownBy(() -> Event.parse("n1", "launched n1 5")).hasMessageContaining("launched");
    }

    @Test
    void theEventLogReadsOnlyCompleteLinesAndReportsMalformedOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.log");
        Files.writeString(file, "boot n1 1\nstart chaos.fast - n1 - 2\nnonsense\nstop chaos.fa");
        EventLog log = new EventLog();
        log.follow("n1", file);
        log.poll();
        assertThat(log.byFile().get("n1")).extracting(Event::type).containsExactly(Event.Type.BOOT,
                Event.Type.START);
        assertThat(log.malformed()).singleElement().asString().contains("nonsense");

        Files.writeString(file, "st - n1 - 3\n", java.nio.file.StandardOpenOption.APPEND);
        log.poll();
        assertThat(log.byFile().get("n1")).extracting(Event::type).endsWith(Event.Type.STOP);
        assertThat(log.between(2, 3, Set.of("n1"))).hasSize(2);
    }

    private List<String> placement(Expectation expected) {
        Map<String, NodeNow> now = ChaosChecker.now(journals, expected.live());
        return checker.placement(now, expected);
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
