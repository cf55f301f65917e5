package io.foundation.core.internal.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.View;
import io.foundation.api.services.Distributed.Mode;

class PlacementTest {

    static Member member(String name, int rank, String roles) {
        return new Member("id-" + name, name, new InetSocketAddress("127.0.0.1", 7800 + rank),
                roles == null ? Map.of() : Map.of(Member.ROLES, roles), rank);
    }

    static View view(String... names) {
        List<Member> members = new ArrayList<>();
        for (String n : names) {
            members.add(member(n, members.size(), null));
        }
        return new View(1, members);
    }

    private static Map<String, Member> place(Mode mode, Set<String> roles, Set<String> keys, View view) {
        return Placement.place("s", mode, roles, keys, view, Declared.NONE);
    }

    private static final Set<String> KEYS = IntStream.range(0, 1000).mapToObj(Integer::toString)
            .collect(Collectors.toSet());

    @Test
    void aSingletonRunsOnTheOldestMemberAndAJoinerNeverTakesIt() {
        assertThat(place(Mode.SINGLETON, Set.of(), Set.of(), view("a", "b")).get("").name())
                .isEqualTo("a");
        assertThat(place(Mode.SINGLETON, Set.of(), Set.of(), view("a", "b", "c")).get("").name())
                .isEqualTo("a");
        assertThat(place(Mode.SINGLETON, Set.of(), Set.of(), view("b", "c")).get("").name())
                .isEqualTo("b");
    }

    @Test
    void rolesLimitWhereAServiceRuns() {
        View v = new View(1, List.of(member("a", 0, "web"), member("b", 1, "batch, db"), member("c", 2, "db")));
        assertThat(place(Mode.SINGLETON, Set.of("db"), Set.of(), v).get("").name()).isEqualTo("b");
        assertThat(place(Mode.REPLICATED, Set.of("db"), Set.of(), v).keySet())
                .containsExactlyInAnyOrder("b", "c");
        assertThat(place(Mode.REPLICATED, Set.of(), Set.of(), v).keySet())
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(place(Mode.SINGLETON, Set.of("gpu"), Set.of(), v)).isEmpty();
        assertThat(place(Mode.PARTITIONED, Set.of("db"), KEYS, v).values()).extracting(Member::name)
                .containsOnly("b", "c");
    }

    @Test
    void everyKeyHasOneOwnerAndKeysSpreadEvenly() {
        Map<String, Member> placed = place(Mode.PARTITIONED, Set.of(), KEYS, view("a", "b", "c", "d"));
        assertThat(placed).hasSize(KEYS.size());
        Map<String, Long> perMember = placed.values().stream()
                .collect(Collectors.groupingBy(Member::name, Collectors.counting()));
        assertThat(perMember.values()).allSatisfy(n -> assertThat(n).isBetween(180L, 320L));
    }

    @Test
    void aJoiningMemberTakesOnlyTheKeysItWins() {
        Map<String, Member> before = place(Mode.PARTITIONED, Set.of(), KEYS, view("a", "b", "c", "d"));
        Map<String, Member> after = place(Mode.PARTITIONED, Set.of(), KEYS,
                view("a", "b", "c", "d", "e"));
        long moved = KEYS.stream().filter(k -> !before.get(k).name().equals(after.get(k).name())).count();
        assertThat(KEYS).allSatisfy(k -> {
            if (!before.get(k).name().equals(after.get(k).name())) {
                assertThat(after.get(k).name()).isEqualTo("e");
            }
        });
        assertThat(moved).isBetween(130L, 280L);
    }

    @Test
    void aLeavingMemberGivesUpOnlyItsOwnKeys() {
        Map<String, Member> before = place(Mode.PARTITIONED, Set.of(), KEYS, view("a", "b", "c"));
        Map<String, Member> after = place(Mode.PARTITIONED, Set.of(), KEYS, view("a", "c"));
        assertThat(KEYS).allSatisfy(k -> {
            if (!before.get(k).name().equals("b")) {
                assertThat(after.get(k).name()).isEqualTo(before.get(k).name());
            }
        });
    }

    @Test
    void placementDependsOnMemberIdsNotOnJoinOrder() {
        Map<String, Member> one = place(Mode.PARTITIONED, Set.of(), KEYS, view("a", "b", "c"));
        Map<String, Member> other = place(Mode.PARTITIONED, Set.of(), KEYS, view("c", "a", "b"));
        assertThat(KEYS).allSatisfy(k -> assertThat(one.get(k).name()).isEqualTo(other.get(k).name()));
    }

    @Test
    void aMemberThatAnnouncedItLacksTheServiceIsNotEligibleAndOneNotHeardFromIs() {
        View v = view("a", "b", "c", "d");
        Declared declared = Declared.NONE.with("id-a", Set.of("other")).with("id-b", Set.of("s", "other"))
                .with("id-c", Set.of());
        assertThat(Placement.eligible(v, "s", Set.of(), declared)).extracting(Member::name)
                .containsExactly("b", "d");
        assertThat(Placement.place("s", Mode.SINGLETON, Set.of(), Set.of(), v, declared).get("").name())
                .isEqualTo("b");
        assertThat(Placement.place("s", Mode.PARTITIONED, Set.of(), KEYS, v, declared).values())
                .extracting(Member::name).containsOnly("b", "d");
        assertThat(Placement.place("other", Mode.SINGLETON, Set.of(), Set.of(), v, declared).get("").name())
                .isEqualTo("a");

        View roles = new View(1, List.of(member("a", 0, "db"), member("b", 1, "web"), member("c", 2, "db")));
        assertThat(Placement.place("s", Mode.SINGLETON, Set.of("db"), Set.of(), roles,
                Declared.NONE.with("id-a", Set.of())).get("").name()).isEqualTo("c");
        assertThat(Placement.place("s", Mode.SINGLETON, Set.of(), Set.of(), v,
                Declared.NONE.with("id-a", Set.of()).with("id-b", Set.of()).with("id-c", Set.of())
                        .with("id-d", Set.of()))).isEmpty();
    }

    @Test
    void announcementsOfMembersThatLeftAreDroppedAndDigestsMatchOnlyTheSameSet() {
        Declared declared = Declared.NONE.with("id-a", Set.of("s")).with("id-x", Set.of());
        assertThat(declared.retain(view("a", "b")).byMember()).containsOnlyKeys("id-a");
        assertThat(declared.matches("id-a", Declared.digest(Set.of("s")))).isTrue();
        assertThat(declared.matches("id-a", Declared.digest(Set.of("s", "t")))).isFalse();
        assertThat(declared.matches("id-b", Declared.digest(Set.of()))).isFalse();
        assertThat(Declared.digest(Set.of("s", "t"))).isEqualTo(Declared.digest(new java.util.TreeSet<>(
                List.of("t", "s"))));
    }
}
