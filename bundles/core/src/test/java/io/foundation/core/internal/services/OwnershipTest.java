package io.foundation.core.internal.services;

import static io.foundation.core.internal.services.PlacementTest.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.View;
import io.foundation.api.services.DistributedServices;
import io.foundation.api.services.Handoff;
import io.foundation.api.services.ServiceState;
import io.foundation.api.services.ServiceState.State;
import io.foundation.core.internal.lease.LeaseHolder;
import io.foundation.core.internal.lease.Leases;
import io.foundation.core.internal.splitbrain.Sides;

class OwnershipTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private final List<ExecutorService> executors = new ArrayList<>();
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final View ab = new View(2, List.of(member("a", 0, null), member("b", 1, null)));

    @AfterEach
    void stop() {
        executors.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void aSingletonRunsOnlyOnTheOldestMember() {
        Node a = node("a");
        Node b = node("b");
        Declaration d = declaration("demo", "SINGLETON");
        for (Node n : List.of(a, b)) {
            n.ownership.declarations(List.of(d));
            n.ownership.view(ab);
        }
        await().atMost(WITHIN).until(() -> a.state("demo", "").map(i -> i.state() == State.RUNNING).orElse(false));
        assertThat(a.configurations.live.get("demo~foundation")).containsEntry(DistributedServices.OWNER, "a")
                .containsEntry(DistributedServices.SERVICE, "demo").doesNotContainKey(DistributedServices.KEY);
        assertThat(b.configurations.live).isEmpty();
        assertThat(b.ownership.services().get(0).placement()).containsEntry("", "a");
        assertThat(b.ownership.owner("demo", "").orElseThrow().name()).isEqualTo("a");
    }

    @Test
    void aFailedActivationIsRetriedOnTheSameNodeWithGrowingAttempts() {
        Node a = node("a");
        Node b = node("b");
        a.configurations.failing.add("demo");
        Declaration d = declaration("demo", "SINGLETON");
        for (Node n : List.of(a, b)) {
            n.ownership.declarations(List.of(d));
            n.ownership.view(ab);
        }
        await().atMost(WITHIN).until(() -> a.state("demo", "").map(i -> i.attempts() >= 3).orElse(false));
        ServiceState.Instance failing = a.state("demo", "").orElseThrow();
        assertThat(failing.lastError().orElseThrow()).contains("boom");
        assertThat(failing.history()).anySatisfy(h -> assertThat(h).contains("FAILED"));
        assertThat(b.configurations.created).isEmpty();

        a.configurations.failing.clear();
        await().atMost(WITHIN).until(() -> a.state("demo", "").map(i -> i.state() == State.RUNNING).orElse(false));
        assertThat(b.configurations.created).isEmpty();
        assertThat(a.ownership.backoff(1)).isEqualTo(10);
        assertThat(a.ownership.backoff(3)).isEqualTo(40);
        assertThat(a.ownership.backoff(30)).isEqualTo(1000);
    }

    @Test
    void aSideThatDoesNotKeepStopsSingletonsButNotReplicatedServices() {
        Node a = node("a");
        a.ownership.declarations(List.of(declaration("single", "SINGLETON"), declaration("every", "REPLICATED")));
        a.ownership.view(ab);
        await().atMost(WITHIN).until(() -> a.configurations.live.size() == 2);
        // Activation is watched asynchronously: the instance reads STARTING until the runtime reports it active.
        await().atMost(WITHIN).until(() -> a.state("every", "a").map(i -> i.state() == State.RUNNING).orElse(false));

        a.sides.keeps = false;
        a.ownership.reconsider();
        await().atMost(WITHIN).until(() -> a.state("single", "").map(i -> i.state() == State.STOPPED_BY_POLICY)
                .orElse(false));
        assertThat(a.configurations.live).containsOnlyKeys("every~foundation");
        assertThat(a.service("single").problem().orElseThrow()).contains("does not keep");
        assertThat(a.state("every", "a").orElseThrow().state()).isEqualTo(State.RUNNING);

        a.sides.keeps = true;
        a.ownership.reconsider();
        await().atMost(WITHIN).until(() -> a.configurations.live.size() == 2);
    }

    @Test
    void aStrictSingletonRunsOnlyWhileItHoldsTheLease() {
        Node a = node("a");
        a.ownership.declarations(List.of(declaration("strict", "SINGLETON", Declaration.GUARANTEE, "STRICT")));
        a.ownership.view(ab);
        await().atMost(WITHIN).until(() -> a.service("strict").problem()
                .map(p -> p.contains("consensus not available")).orElse(false));
        assertThat(a.state("strict", "").orElseThrow().state()).isEqualTo(State.WAITING);

        FakeLeases leases = new FakeLeases();
        a.leases = leases;
        a.ownership.reconsider();
        await().atMost(WITHIN).until(() -> leases.holders.containsKey("strict"));
        assertThat(a.configurations.live).isEmpty();

        leases.holders.get("strict").granted(42);
        await().atMost(WITHIN).until(() -> a.configurations.live.containsKey("strict~foundation"));
        assertThat(a.configurations.live.get("strict~foundation")).containsEntry(DistributedServices.FENCE, 42L);

        leases.holders.get("strict").lost("renewal overdue");
        await().atMost(WITHIN).until(() -> a.configurations.live.isEmpty());
        assertThat(a.state("strict", "").orElseThrow().state()).isEqualTo(State.WAITING);

        leases.holders.get("strict").granted(43);
        await().atMost(WITHIN).until(() -> a.configurations.live.containsKey("strict~foundation"));
        a.ownership.view(new View(3, List.of(member("b", 0, null), member("a", 1, null))));
        await().atMost(WITHIN).until(() -> a.configurations.live.isEmpty() && leases.released.contains("strict"));
    }

    @Test
    void aKeyMovingToAJoinerWaitsForItsPreviousOwnerToHandItOff() throws Exception {
        Node a = node("a");
        Node b = node("b");
        CountDownLatch letGo = new CountDownLatch(1);
        List<Instant> deadlines = new CopyOnWriteArrayList<>();
        a.handoffs.add(((key, deadline) -> {
            deadlines.add(deadline);
            letGo.await(10, TimeUnit.SECONDS);
        }));
        Declaration d = declaration("shard", "PARTITIONED", Declaration.PARTITIONS, 20);
        View alone = new View(1, List.of(member("a", 0, null)));
        a.ownership.declarations(List.of(d));
        a.ownership.view(alone);
        await().atMost(WITHIN).until(() -> a.configurations.live.size() == 20);

        b.ownership.declarations(List.of(d));
        a.ownership.view(ab);
        b.ownership.view(ab);
        await().atMost(WITHIN).until(() -> !b.ownership.ownedKeys("shard").isEmpty());
        Set<String> moving = b.ownership.ownedKeys("shard");
        assertThat(moving).hasSizeLessThan(20);
        String key = moving.iterator().next();
        await().atMost(WITHIN).until(() -> b.state("shard", key).map(i -> i.state() == State.WAITING).orElse(false));
        assertThat(a.state("shard", key).orElseThrow().state()).isEqualTo(State.HANDING_OFF);
        assertThat(b.configurations.live).isEmpty();

        letGo.countDown();
        await().atMost(WITHIN).until(() -> b.configurations.live.size() == moving.size());
        assertThat(a.configurations.live).hasSize(20 - moving.size());
        assertThat(b.configurations.live.get("shard~" + key)).containsEntry(DistributedServices.KEY, key);
        assertThat(deadlines).isNotEmpty();
    }

    @Test
    void aGracefulStopHandsOffAndDeletesEverything() {
        Node a = node("a");
        List<String> told = new CopyOnWriteArrayList<>();
        a.handoffs.add((key, deadline) -> told.add("handoff '" + key + "'"));
        a.ownership.declarations(List.of(declaration("demo", "SINGLETON")));
        a.ownership.view(ab);
        await().atMost(WITHIN).until(() -> a.configurations.live.size() == 1);
        a.ownership.stopAll(WITHIN);
        assertThat(a.configurations.live).isEmpty();
        assertThat(told).containsExactly("handoff ''");
    }

    @Test
    void anInvalidDeclarationIsReportedAndNeverRun() {
        Node a = node("a");
        Declaration bad = Declaration.read("both", 1, new String[] {"both"}, "require",
                Map.of(Declaration.MODE, new String[] {"SINGLETON", "PARTITIONED"}));
        a.ownership.declarations(List.of(bad, declaration("good", "SINGLETON")));
        a.ownership.view(ab);
        await().atMost(WITHIN).until(() -> a.configurations.live.size() == 1);
        ServiceState state = a.service("both");
        assertThat(state.mode()).isEmpty();
        assertThat(state.problem().orElseThrow()).contains("several modes");
        assertThat(a.configurations.live).containsOnlyKeys("good~foundation");
    }

    @Test
    void aMemberThatAnnouncesItLacksAServiceIsSkippedAndOneThatDeploysItLaterTakesItOnlyIfOlder() throws Exception {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        View abc = new View(3, List.of(member("a", 0, null), member("b", 1, null), member("c", 2, null)));
        Declaration d = declaration("demo", "SINGLETON");
        CountDownLatch letGo = new CountDownLatch(1);
        b.handoffs.add((key, deadline) -> letGo.await(10, TimeUnit.SECONDS));
        b.ownership.declarations(List.of(d));
        c.ownership.declarations(List.of(d));
        for (Node n : List.of(a, b, c)) {
            n.ownership.view(abc);
        }
        a.announce();
        b.announce("demo");
        c.announce("demo");
        await().atMost(WITHIN).until(() -> b.state("demo", "").map(i -> i.state() == State.RUNNING).orElse(false));
        assertThat(c.configurations.created).isEmpty();
        assertThat(a.configurations.created).isEmpty();
        assertThat(c.ownership.owner("demo", "").orElseThrow().name()).isEqualTo("b");
        assertThat(c.service("demo").placement()).containsEntry("", "b");

        // The younger member undeploys and deploys the service again: the live, older owner keeps it.
        c.ownership.declarations(List.of());
        c.announce();
        c.ownership.declarations(List.of(d));
        c.announce("demo");
        await().atMost(WITHIN).until(() -> List.of(a, b, c).stream().allMatch(n -> n.ownership.declared().of("id-c")
                .map(s -> s.contains("demo")).orElse(false)));
        assertThat(c.ownership.owner("demo", "").orElseThrow().name()).isEqualTo("b");
        assertThat(c.configurations.created).isEmpty();
        assertThat(b.configurations.created).hasSize(1);
        assertThat(b.state("demo", "").orElseThrow().state()).isEqualTo(State.RUNNING);

        // The oldest member deploys it: the singleton moves to it through the previous owner's handoff.
        a.ownership.declarations(List.of(d));
        a.announce("demo");
        await().atMost(WITHIN).until(() -> a.state("demo", "").map(i -> i.state() == State.WAITING).orElse(false)
                && b.state("demo", "").map(i -> i.state() == State.HANDING_OFF).orElse(false));
        assertThat(a.configurations.live).isEmpty();
        letGo.countDown();
        await().atMost(WITHIN).until(() -> a.state("demo", "").map(i -> i.state() == State.RUNNING).orElse(false)
                && b.configurations.live.isEmpty());
        assertThat(c.configurations.created).isEmpty();
        assertThat(b.ownership.owner("demo", "").orElseThrow().name()).isEqualTo("a");
    }

    @Test
    void aMemberThatLeavesTheViewIsForgottenAndStaysEligibleWhenItComesBack() {
        Node b = node("b");
        b.ownership.declarations(List.of(declaration("demo", "SINGLETON")));
        b.ownership.view(ab);
        b.ownership.announced("id-a", Set.of());
        await().atMost(WITHIN).until(() -> b.configurations.live.size() == 1);

        b.ownership.view(new View(3, List.of(member("b", 0, null))));
        b.ownership.view(new View(4, List.of(member("b", 0, null), member("a", 1, null))));
        await().atMost(WITHIN).until(() -> b.ownership.declared().of("id-a").isEmpty());
        assertThat(b.configurations.live).hasSize(1);
        assertThat(b.ownership.owner("demo", "").orElseThrow().name()).isEqualTo("b");
    }

    @Test
    void garbageAnnouncementsAreDroppedAndValidOnesChangePlacement() throws Exception {
        Node b = node("b");
        b.ownership.declarations(List.of(declaration("demo", "SINGLETON")));
        b.ownership.view(ab);
        List<String> heard = new CopyOnWriteArrayList<>();
        ReleaseChannel channel = new ReleaseChannel("id-b", new ReleaseChannel.Inbox() {
            @Override
            public void asked(String from, String service, String key) {
                heard.add("asked " + from);
            }

            @Override
            public void released(String from, String service, String key) {
                heard.add("released " + from);
            }

            @Override
            public void declares(String from, Set<String> services) {
                heard.add("declares " + from + " " + services);
                b.ownership.announced(from, services);
            }

            @Override
            public void digest(String from, long digest) {
                heard.add("digest " + from + " " + digest);
            }

            @Override
            public void queried(String from) {
                heard.add("queried " + from);
            }
        });
        byte[] valid = ReleaseChannel.encodeDeclares("id-a", Set.of("other"));
        java.util.Random random = new java.util.Random(42);
        List<byte[]> garbage = new ArrayList<>();
        garbage.add(new byte[0]);
        garbage.add(java.util.Arrays.copyOf(valid, valid.length - 2));
        garbage.add(new byte[] {'S', 'D', 0, 0, 0, 4, 'i', 'd', '-', 'a', (byte) 0xff, (byte) 0xff, 0, 1, 'x'});
        garbage.add(new byte[] {'S', 'D', 0, 0, 0, 4, 'i', 'd', '-', 'a', 0, 2, 0, 1, 'x', 0, 1, 'x'});
        garbage.add(new byte[] {'S', 'D', 0, 0, 0, 0, 0, 1, 0, 1, 'x'});
        garbage.add(new byte[] {'S', 'H', 0, 0, 0, 4, 'i', 'd', '-', 'a', 1, 2, 3});
        byte[] wrongMagic = valid.clone();
        wrongMagic[0] = 'X';
        garbage.add(wrongMagic);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            garbage.add(noise);
        }
        garbage.forEach(g -> channel.accept(g, 0, g.length));
        assertThat(heard).isEmpty();
        assertThat(b.configurations.created).isEmpty();

        channel.accept(valid, 0, valid.length);
        byte[] digest = ReleaseChannel.encodeDigest("id-a", Declared.digest(Set.of("other")));
        channel.accept(digest, 0, digest.length);
        byte[] query = ReleaseChannel.encodeQuery("id-b", "id-a");
        channel.accept(query, 0, query.length);
        byte[] notForMe = ReleaseChannel.encodeQuery("id-c", "id-a");
        channel.accept(notForMe, 0, notForMe.length);
        assertThat(heard).containsExactly("declares id-a [other]",
                "digest id-a " + Declared.digest(Set.of("other")), "queried id-a");
        await().atMost(WITHIN).until(() -> b.state("demo", "").map(i -> i.state() == State.RUNNING).orElse(false));
        assertThat(b.ownership.declared().matches("id-a", Declared.digest(Set.of("other")))).isTrue();
    }

    private static Declaration declaration(String name, String mode, Object... more) {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put(Declaration.MODE, mode);
        properties.put(Declaration.HANDOFF, 2000L);
        for (int i = 0; i < more.length; i += 2) {
            properties.put((String) more[i], more[i + 1]);
        }
        return Declaration.read(name, 1, new String[] {name}, "require", properties);
    }

    private Node node(String name) {
        Node n = new Node(name);
        nodes.put("id-" + name, n);
        return n;
    }

    /** One node's Ownership with fakes; peers talk to each other through {@link #nodes}. */
    private final class Node implements Peers {
        final FakeConfigurations configurations = new FakeConfigurations();
        final FakeSides sides = new FakeSides();
        final List<Handoff> handoffs = new CopyOnWriteArrayList<>();
        final String id;
        volatile Leases leases;
        final Ownership ownership;

        Node(String name) {
            this.id = "id-" + name;
            ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            executors.add(loop);
            executors.add(pool);
            ownership = new Ownership(id, configurations, sides, () -> Optional.ofNullable(leases),
                    (service, key) -> List.copyOf(handoffs), this, loop, pool, Duration.ofMillis(10),
                    Duration.ofSeconds(1));
        }

        /** Tells every node, this one included, that this node declares exactly {@code services}. */
        void announce(String... services) {
            nodes.values().forEach(n -> n.ownership.announced(id, Set.of(services)));
        }

        ServiceState service(String name) {
            return ownership.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        }

        Optional<ServiceState.Instance> state(String service, String key) {
            return ownership.services().stream().filter(s -> s.name().equals(service)).findFirst()
                    .map(s -> s.local().get(key));
        }

        @Override
        public void ask(String to, String service, String key) {
            Node peer = nodes.get(to);
            if (peer == null) {
                ownership.released(to, service, key);
            } else {
                peer.ownership.asked(id, service, key);
            }
        }

        @Override
        public void released(String to, String service, String key) {
            Node peer = nodes.get(to);
            if (peer != null) {
                peer.ownership.released(id, service, key);
            }
        }
    }

    private static final class FakeConfigurations implements Configurations {
        final Map<String, Map<String, Object>> live = new ConcurrentHashMap<>();
        final List<String> created = new CopyOnWriteArrayList<>();
        final Set<String> failing = ConcurrentHashMap.newKeySet();

        @Override
        public String create(String factoryPid, String name, Map<String, Object> properties) {
            String pid = factoryPid + "~" + name;
            live.put(pid, Map.copyOf(properties));
            created.add(pid);
            return pid;
        }

        @Override
        public void delete(String pid) {
            live.remove(pid);
        }

        @Override
        public Activation activation(Declaration declaration, String pid) {
            if (!live.containsKey(pid)) {
                return Activation.PENDING;
            }
            return failing.contains(declaration.name()) ? Activation.failed("java.lang.IllegalStateException: boom")
                    : Activation.ACTIVE;
        }
    }

    private static final class FakeSides implements Sides {
        volatile boolean keeps = true;

        @Override
        public String clusterPolicy() {
            return "keep-majority";
        }

        @Override
        public boolean keeps(View view, String policy) {
            return keeps;
        }

        @Override
        public AutoCloseable onPolicyChange(Runnable r) {
            return () -> { };
        }
    }

    private static final class FakeLeases implements Leases {
        final Map<String, LeaseHolder> holders = new ConcurrentHashMap<>();
        final List<String> released = new CopyOnWriteArrayList<>();

        @Override
        public void claim(String name, LeaseHolder holder) {
            holders.put(name, holder);
        }

        @Override
        public void release(String name) {
            released.add(name);
        }

        @Override
        public Optional<String> problem() {
            return Optional.empty();
        }
    }
}
