package io.foundation.core.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.View;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Handle;
import io.foundation.api.registry.Health;
import io.foundation.api.registry.Query;
import io.foundation.api.registry.Registration;
import io.foundation.api.registry.RegistryEvent;
import io.foundation.api.registry.Router;
import io.foundation.api.registry.Routing;

class RegistryTest {

    private static final Member ME = member("m1", "n1", 0);
    private static final Member OTHER = member("m2", "n2", 1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final View view = new View(1, List.of(ME, OTHER));
    private final Registry registry = new Registry(membership(view));
    private final FakeStore embedded = new FakeStore("embedded");

    RegistryTest() {
        registry.addStore(embedded, Map.of(Constants.SERVICE_RANKING, 0, Constants.SERVICE_ID, 1L));
        registry.viewChanged(new ViewChange(Optional.empty(), view, false));
    }

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    @Test
    void invalidRegistrationsAndFiltersNameTheCause() {
        assertThatThrownBy(() -> registry.register(Registration.of("  "), h -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> registry.register(Registration.of("db").withMetadata(Map.of("bad key", "1")),
                h -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata key 'bad key'");
        assertThatThrownBy(() -> registry.register(Registration.of("db").withMetadata(Map.of("a=b", "1")),
                h -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a=b'");
        assertThatThrownBy(() -> registry.discover(Query.all().withFilter("(&(zone=a)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid filter (&(zone=a)");
        Handle handle = registry.register(Registration.of("db"), h -> { });
        assertThatThrownBy(() -> handle.metadata(Map.of("(x)", "1"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.lookup("db")).containsExactly(handle.entry());
        assertThat(embedded.entries).hasSize(1);
    }

    @Test
    void lookupAndDiscoveryReadTheStoreIncludingOtherMembersEntries() {
        Handle a = registry.register(Registration.of("db").withCapabilities("sql", "read")
                .withMetadata(Map.of("zone", "a", "load", "4.5")), h -> { });
        Handle b = registry.register(Registration.of("db").withCapabilities("sql")
                .withMetadata(Map.of("zone", "b", "load", "12")), h -> { });
        Entry remote = entry("r1", "db", OTHER, Map.of("zone", "a", "load", "3"), Health.WARNING);
        embedded.remote(remote);
        Entry critical = entry("r2", "cache", OTHER, Map.of(), Health.CRITICAL);
        embedded.remote(critical);

        assertThat(registry.lookup("db")).containsExactly(remote, a.entry(), b.entry());
        assertThat(registry.lookup("nothing")).isEmpty();
        assertThat(registry.discover(Query.named("db").withCapabilities("sql", "read"))).containsExactly(a.entry());
        assertThat(registry.discover(Query.all().withFilter("(load<=5)"))).containsExactly(remote, a.entry());
        assertThat(registry.discover(Query.all().withFilter("(&(zone=a)(load>=4))"))).containsExactly(a.entry());
        assertThat(registry.discover(Query.named("db").withMinimum(Health.PASSING)))
                .containsExactly(a.entry(), b.entry());
        assertThat(registry.discover(Query.all())).doesNotContain(critical);
        assertThat(registry.discover(Query.all().withMinimum(Health.CRITICAL))).contains(critical);

        registry.viewChanged(new ViewChange(Optional.of(view), new View(2, List.of(ME)), false));
        assertThat(registry.lookup("db")).containsExactly(a.entry(), b.entry());
    }

    @Test
    void watchesReportCurrentMatchesThenTransitions() {
        Handle first = registry.register(Registration.of("api").withMetadata(Map.of("zone", "a")), h -> { });
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();
        AutoCloseable watch = registry.watch(Query.named("api").withFilter("(zone=a)"), e -> {
            events.add(e);
            throw new IllegalStateException("a listener failure does not end the watch");
        });
        await().atMost(WAIT).until(() -> events.size() == 1);
        assertThat(events.get(0)).isEqualTo(new RegistryEvent(RegistryEvent.Kind.ADDED, first.entry()));

        Handle second = registry.register(Registration.of("api").withMetadata(Map.of("zone", "a")), h -> { });
        registry.register(Registration.of("other").withMetadata(Map.of("zone", "a")), h -> { });
        first.metadata(Map.of("zone", "a", "load", "1"));
        Entry updated = first.entry();
        second.metadata(Map.of("zone", "b"));
        first.health(Health.CRITICAL);
        Entry lastSeen = first.entry().withHealth(Health.CRITICAL);
        second.close();

        await().atMost(WAIT).until(() -> events.size() == 5);
        assertThat(events.subList(1, 5)).extracting(RegistryEvent::kind).containsExactly(RegistryEvent.Kind.ADDED,
                RegistryEvent.Kind.UPDATED, RegistryEvent.Kind.REMOVED, RegistryEvent.Kind.REMOVED);
        assertThat(events.get(2).entry()).isEqualTo(updated);
        assertThat(events.get(3).entry().id()).isEqualTo(second.entry().id());
        assertThat(events.get(4).entry()).isEqualTo(updated);
        assertThat(lastSeen.health()).isEqualTo(Health.CRITICAL);
        assertThat(first.entry().health()).isEqualTo(Health.CRITICAL);
        assertThat(events).noneMatch(e -> e.entry().name().equals("other"));
    }

    @Test
    void closedWatchesAndHandlesStop() throws Exception {
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();
        AutoCloseable watch = registry.watch(Query.named("x"), events::add);
        watch.close();
        Handle handle = registry.register(Registration.of("x"), h -> { });
        handle.close();
        handle.close();
        assertThatThrownBy(() -> handle.health(Health.WARNING)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(registry.lookup("x")).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void roundRobinLocalFirstAndLeastLoaded() {
        Handle a = registry.register(Registration.of("w").withMetadata(Map.of("load", "7")), h -> { });
        Handle b = registry.register(Registration.of("w").withMetadata(Map.of("load", "2.5")), h -> { });
        Entry remote = entry("r1", "w", OTHER, Map.of("load", "1"), Health.PASSING);
        embedded.remote(remote);

        Router roundRobin = registry.router(Query.named("w"), Routing.roundRobin());
        List<String> picked = IntStream.range(0, 6).mapToObj(i -> roundRobin.next().orElseThrow().id()).toList();
        assertThat(Set.copyOf(picked.subList(0, 3))).hasSize(3);
        assertThat(picked.subList(3, 6)).isEqualTo(picked.subList(0, 3));

        Router local = registry.router(Query.named("w"), Routing.localFirst());
        for (int i = 0; i < 4; i++) {
            assertThat(local.next().orElseThrow().owner()).isEqualTo(ME.id());
        }

        Router least = registry.router(Query.named("w"), Routing.leastLoaded("load"));
        assertThat(least.next()).contains(remote);
        embedded.remote(remote.withMetadata(Map.of("load", "high")));
        assertThat(least.next()).contains(b.entry());
        b.metadata(Map.of("load", "9"));
        assertThat(least.next()).contains(a.entry());

        assertThat(registry.router(Query.named("none"), Routing.roundRobin()).next()).isEmpty();
    }

    @Test
    void consistentHashKeepsKeysAndMovesFewWhenAnEntryGoes() {
        List<Handle> handles = IntStream.range(0, 5).<Handle>mapToObj(i -> registry.register(Registration.of("shard"),
                h -> { })).toList();
        Router router = registry.router(Query.named("shard"), Routing.consistentHash());
        Map<String, String> before = new HashMap<>();
        for (int k = 0; k < 500; k++) {
            before.put("key-" + k, router.next("key-" + k).orElseThrow().id());
        }
        assertThat(router.next("key-1").orElseThrow().id()).isEqualTo(before.get("key-1"));
        assertThat(Set.copyOf(before.values())).hasSize(5);

        String removed = handles.get(2).entry().id();
        handles.get(2).close();
        Map<String, Long> moved = before.entrySet().stream()
                .filter(e -> !router.next(e.getKey()).orElseThrow().id().equals(e.getValue()))
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()));
        assertThat(moved.keySet()).containsExactly(removed);
    }

    @Test
    void healthChecksPublishOnlyChangesAndTreatFailuresAsCritical() throws Exception {
        Handle handle = registry.register(Registration.of("svc"), h -> { });
        int putsBefore = embedded.puts();
        // Intervals long enough that a loaded machine does not time the passing checks out (which is CRITICAL).
        handle.check(() -> Health.PASSING, Duration.ofMillis(250));
        CountDownLatch ran = new CountDownLatch(4);
        handle.check(() -> {
            ran.countDown();
            return Health.PASSING;
        }, Duration.ofMillis(250));
        ran.await();
        assertThat(embedded.puts()).isEqualTo(putsBefore);

        handle.check(() -> {
            throw new IllegalStateException("down");
        }, Duration.ofMillis(20));
        await().atMost(WAIT).until(() -> registry.lookup("svc").get(0).health() == Health.CRITICAL);

        handle.check(() -> Health.WARNING, Duration.ofMillis(20));
        await().atMost(WAIT).until(() -> registry.lookup("svc").get(0).health() == Health.WARNING);

        CountDownLatch release = new CountDownLatch(1);
        handle.check(() -> {
            release.await();
            return Health.PASSING;
        }, Duration.ofMillis(50));
        await().atMost(WAIT).until(() -> registry.lookup("svc").get(0).health() == Health.CRITICAL);
        release.countDown();
        handle.close();
    }

    @Test
    void aReplacedCheckStillRunningNeitherMakesTheEntryCriticalNorReportsLater() throws Exception {
        Handle handle = registry.register(Registration.of("svc"), h -> { });
        int putsBefore = embedded.puts();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        handle.check(() -> {
            started.countDown();
            never.await();
            return Health.PASSING;
        }, Duration.ofMillis(300));
        started.await();

        CountDownLatch ran = new CountDownLatch(3);
        handle.check(() -> {
            ran.countDown();
            return Health.PASSING;
        }, Duration.ofMillis(200));
        ran.await();

        assertThat(embedded.puts()).isEqualTo(putsBefore);
        assertThat(registry.lookup("svc").get(0).health()).isEqualTo(Health.PASSING);
        handle.close();
    }

    @Test
    void readsMoveToTheBestStoreOnceEveryMemberReplayedAndFallBackWhenItGoes() {
        Handle mine = registry.register(Registration.of("db"), h -> { });
        Entry remote = entry("r1", "db", OTHER, Map.of(), Health.PASSING);
        embedded.remote(remote);
        embedded.remoteReplayed(OTHER.id());
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();
        registry.watch(Query.named("db"), events::add);
        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(registry.store()).isEqualTo("embedded");

        FakeStore ignite = new FakeStore("ignite");
        registry.addStore(ignite, Map.of(Constants.SERVICE_RANKING, 10, Constants.SERVICE_ID, 2L));
        assertThat(ignite.entries).containsOnlyKeys(mine.entry().id());
        assertThat(ignite.replayed).containsExactly(ME.id());
        assertThat(registry.store()).as("the other member has not replayed into ignite yet").isEqualTo("embedded");
        assertThat(registry.lookup("db")).hasSize(2);

        Handle later = registry.register(Registration.of("db"), h -> { });
        assertThat(ignite.entries).containsKey(later.entry().id());
        ignite.remote(remote);
        ignite.remoteReplayed(OTHER.id());
        assertThat(registry.store()).isEqualTo("ignite");
        assertThat(registry.lookup("db")).containsExactly(remote, mine.entry(), later.entry());

        registry.removeStore(ignite);
        assertThat(ignite.closed).isTrue();
        assertThat(registry.store()).isEqualTo("embedded");
        assertThat(registry.lookup("db")).containsExactly(remote, mine.entry(), later.entry());
        await().atMost(WAIT).until(() -> events.size() == 3);
        assertThat(events).extracting(RegistryEvent::kind).containsOnly(RegistryEvent.Kind.ADDED);
    }

    @Test
    void aSlowReplayHoldsUpNoRegistrationAndEndsWithTheLedgerAsItIsThen() throws Exception {
        Handle kept = registry.register(Registration.of("db"), h -> { });
        Handle withdrawn = registry.register(Registration.of("db"), h -> { });
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeStore slow = new FakeStore("ignite") {
            @Override
            public void put(Entry entry) {
                if (entry.id().equals(kept.entry().id()) && replaying.getCount() > 0) {
                    replaying.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.put(entry);
            }
        };
        Thread adding = new Thread(() -> registry.addStore(slow,
                Map.of(Constants.SERVICE_RANKING, 10, Constants.SERVICE_ID, 2L)));
        adding.start();
        replaying.await();

        // While the replay is stuck in the new store, registrations and withdrawals go on.
        Handle during = registry.register(Registration.of("db"), h -> { });
        withdrawn.close();
        kept.health(Health.WARNING);
        release.countDown();
        adding.join();

        assertThat(slow.entries).containsOnlyKeys(kept.entry().id(), during.entry().id());
        assertThat(slow.entries.get(kept.entry().id()).health()).isEqualTo(Health.WARNING);
        assertThat(slow.replayed).containsExactly(ME.id());
    }

    @Test
    void aStoreWhoseEventsTrailItsWritesStillShowsThisNodeItsOwnChangesAtOnce() {
        FakeStore ignite = new FakeStore("ignite");
        registry.addStore(ignite, Map.of(Constants.SERVICE_RANKING, 10, Constants.SERVICE_ID, 2L));
        ignite.remoteReplayed(OTHER.id());
        assertThat(registry.store()).isEqualTo("ignite");

        ignite.holding = true;
        Handle handle = registry.register(Registration.of("db"), h -> { });
        assertThat(registry.lookup("db")).as("visible before the store's echo").containsExactly(handle.entry());
        handle.health(Health.WARNING);
        Entry warning = handle.entry();
        handle.close();
        assertThat(registry.lookup("db")).as("gone before the store's echo").isEmpty();

        // The echoes arrive late: the first version, the second, then the removal.
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();
        registry.watch(Query.named("db"), events::add);
        ignite.release();
        assertThat(registry.lookup("db")).isEmpty();
        ignite.remote(warning);
        assertThat(registry.lookup("db")).as("a withdrawn entry of this node is not indexed again").isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void readsStayWhileTheNewStoreLacksAnEntryAndMoveAnywayAfterTheCatchUpLimit() {
        Entry remote = entry("r1", "db", OTHER, Map.of(), Health.PASSING);
        embedded.remote(remote);
        embedded.remoteReplayed(OTHER.id());

        FakeStore ignite = new FakeStore("ignite");
        registry.addStore(ignite, Map.of(Constants.SERVICE_RANKING, 10, Constants.SERVICE_ID, 2L));
        ignite.remoteReplayed(OTHER.id());
        assertThat(registry.store()).as("ignite lacks r1").isEqualTo("embedded");
        assertThat(registry.lookup("db")).containsExactly(remote);

        long start = System.nanoTime();
        await().atMost(WAIT).until(() -> registry.store().equals("ignite"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                Registry.CATCH_UP.minusMillis(100));
    }

    @Test
    void readsFallingBackFromAStoreThatGoesWaitForTheEmbeddedStoreToHoldWhatItShowed() {
        FakeStore ignite = new FakeStore("ignite");
        registry.addStore(ignite, Map.of(Constants.SERVICE_RANKING, 10, Constants.SERVICE_ID, 2L));
        Entry remote = entry("r1", "db", OTHER, Map.of(), Health.PASSING);
        ignite.remote(remote);
        ignite.remoteReplayed(OTHER.id());
        assertThat(registry.store()).isEqualTo("ignite");

        embedded.holding = true;
        embedded.remote(remote);
        registry.removeStore(ignite);
        assertThat(registry.store()).as("the embedded store has not delivered r1 yet").isEqualTo("ignite");
        assertThat(registry.lookup("db")).containsExactly(remote);
        embedded.release();
        await().atMost(WAIT).until(() -> registry.store().equals("embedded"));
        assertThat(registry.lookup("db")).containsExactly(remote);
    }

    @Test
    void aStoppingBundleCannotRegisterAndItsRegistrationsGoWhenItLetsGo() {
        int[] state = {Bundle.ACTIVE};
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getState" -> state[0];
                    case "getSymbolicName" -> "com.example.app";
                    case "getBundleId" -> 42L;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        BundleRegistry forBundle = new BundleRegistry(bundle, registry);
        forBundle.register(Registration.of("app"));
        forBundle.register(Registration.of("app"));
        assertThat(forBundle.lookup("app")).hasSize(2);

        state[0] = Bundle.STOPPING;
        assertThatThrownBy(() -> forBundle.register(Registration.of("app")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("com.example.app [42] is stopping");

        forBundle.deactivate();
        assertThat(registry.lookup("app")).isEmpty();
        state[0] = Bundle.ACTIVE;
        assertThatThrownBy(() -> forBundle.register(Registration.of("app")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("com.example.app");
    }

    private static Entry entry(String id, String name, Member owner, Map<String, String> metadata, Health health) {
        // Ids begin with the registration time: these are older than any made during the test.
        return new Entry("00000000000-" + id, name, Set.of(), metadata, "", owner.id(), owner.name(), health, 1);
    }

    private static Member member(String id, String name, int rank) {
        return new Member(id, name, new InetSocketAddress("127.0.0.1", 7800 + rank), Map.of(), rank);
    }

    private static Membership membership(View view) {
        return new Membership() {
            @Override
            public String clusterName() {
                return "test";
            }

            @Override
            public Member localMember() {
                return ME;
            }

            @Override
            public View view() {
                return view;
            }

            @Override
            public Optional<String> problem() {
                return Optional.empty();
            }
        };
    }
}
