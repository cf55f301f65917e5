package io.foundation.registry.ignite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foundation.api.cluster.Member;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Health;

/** Two Ignite nodes in this JVM on loopback, each with its store, as two Foundation members would have them. */
class IgniteEntriesTest {

    private static final Member A = Grids.member("a");
    private static final Member B = Grids.member("b");

    @TempDir
    static Path work;
    private static Ignite gridA;
    private static Ignite gridB;
    private final List<IgniteEntries> opened = new ArrayList<>();

    @BeforeAll
    static void startGrids() {
        gridA = GridNode.start(Grids.settings("a", work), IgniteEntriesTest.class.getClassLoader());
        gridB = GridNode.start(Grids.settings("b", work), IgniteEntriesTest.class.getClassLoader());
        assertThat(gridA.cluster().nodes()).hasSize(2);
    }

    @AfterAll
    static void stopGrids() {
        GridNode.stop("a");
        GridNode.stop("b");
    }

    @BeforeEach
    void emptyCaches() {
        IgniteEntries.replicatedCache(gridA, IgniteEntries.ENTRIES).clear();
        IgniteEntries.replicatedCache(gridA, IgniteEntries.REPLAYED).clear();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(IgniteEntries::close);
    }

    @Test
    void membersSeeEachOthersPutsRemovesAndReplays() {
        Recorder seenByA = new Recorder();
        Recorder seenByB = new Recorder();
        IgniteEntries a = open(gridA, A, seenByA);
        IgniteEntries b = open(gridB, B, seenByB);

        Entry first = entry("1", A);
        a.put(first);
        await().until(() -> first.equals(seenByB.entries.get("1")));
        Entry second = entry("2", B);
        b.put(second);
        await().until(() -> second.equals(seenByA.entries.get("2")));
        assertThat(seenByA.entries).containsKey("1");

        a.put(first.withHealth(Health.WARNING));
        await().until(() -> seenByB.entries.get("1").health() == Health.WARNING);
        assertThat(seenByB.entries.get("1").version()).isEqualTo(1);

        a.remove("1");
        await().until(() -> !seenByB.entries.containsKey("1"));
        a.replayed(A.id());
        await().until(() -> seenByB.replayed.contains(A.id()));
        assertThat(seenByA.replayed).contains(A.id());
        assertThat(seenByA.overlapped).isFalse();
        assertThat(seenByB.overlapped).isFalse();
    }

    @Test
    void aStoreOpenedLaterGetsEveryEntryBeforeTheReplayMarks() {
        IgniteEntries a = open(gridA, A, new Recorder());
        for (int i = 0; i < 20; i++) {
            a.put(entry("e" + i, A));
        }
        a.replayed(A.id());

        Recorder late = new Recorder();
        open(gridB, B, late);
        await().until(() -> late.replayed.contains(A.id()));
        assertThat(late.entries).hasSize(20);
        int mark = late.calls.indexOf("replayed " + A.id());
        for (int i = 0; i < 20; i++) {
            assertThat(late.calls.indexOf("put e" + i + " v0")).isBetween(0, mark);
        }
    }

    @Test
    void retainForgetsTheEntriesAndMarksOfDepartedMembers() {
        Recorder seenByA = new Recorder();
        IgniteEntries a = open(gridA, A, seenByA);
        IgniteEntries b = open(gridB, B, new Recorder());
        a.put(entry("a1", A));
        b.put(entry("b1", B));
        b.put(entry("b2", B));
        a.replayed(A.id());
        b.replayed(B.id());
        await().until(() -> seenByA.entries.size() == 3 && seenByA.replayed.size() == 2);

        a.retain(Set.of(A.id()));
        a.retain(Set.of(A.id()));

        await().until(() -> seenByA.entries.keySet().equals(Set.of("a1")));
        Recorder later = new Recorder();
        open(gridB, B, later);
        await().until(() -> later.replayed.contains(A.id()));
        assertThat(later.replayed).containsExactly(A.id());
        assertThat(later.entries).containsOnlyKeys("a1");
    }

    @Test
    void aMemberThatReopensKeepsItsEntriesVisibleUntilItsReplayThenDropsWhatItNoLongerHas() {
        Recorder seenByB = new Recorder();
        open(gridB, B, seenByB);
        IgniteEntries before = open(gridA, A, new Recorder());
        before.put(entry("kept", A));
        before.put(entry("dropped", A));
        before.replayed(A.id());
        await().until(() -> seenByB.entries.size() == 2);
        before.close();

        Recorder fresh = new Recorder();
        open(gridB, B, fresh);
        await().until(() -> fresh.entries.size() == 2);
        assertThat(fresh.replayed).as("the closed store's mark is withdrawn").doesNotContain(A.id());

        IgniteEntries after = open(gridA, A, new Recorder());
        after.put(entry("kept", A));
        assertThat(seenByB.entries).containsOnlyKeys("kept", "dropped");
        after.replayed(A.id());
        await().until(() -> seenByB.entries.keySet().equals(Set.of("kept")));
    }

    @Test
    void aValueThatIsNotAnEntryIsIgnoredAndLaterChangesStillArrive() {
        Recorder seenByB = new Recorder();
        open(gridB, B, seenByB);
        gridA.<String, String>cache(IgniteEntries.ENTRIES).put("bogus", "{\"id\":\"bogus\",\"health\":\"SUPERB\"}");
        gridA.<String, String>cache(IgniteEntries.ENTRIES).put("worse", "not json");
        IgniteEntries a = open(gridA, A, new Recorder());
        a.put(entry("fine", A));
        await().until(() -> seenByB.entries.containsKey("fine"));
        assertThat(seenByB.entries).containsOnlyKeys("fine");
    }

    private IgniteEntries open(Ignite grid, Member member, Recorder recorder) {
        IgniteEntries store = new IgniteEntries(grid);
        opened.add(store);
        store.open(member, recorder);
        return store;
    }

    private static Entry entry(String id, Member owner) {
        return new Entry(id, "svc", Set.of("http"), Map.of("zone", "a"), "host:1", owner.id(), owner.name(),
                Health.PASSING, 0);
    }

    static {
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(15));
    }
}
