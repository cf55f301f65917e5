package io.foundation.core.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StrategyStatus;
import io.foundation.settings.Overrides;

class StrategiesTest {

    private static final Member SELF = new Member("id-1", "n1", new InetSocketAddress("127.0.0.1", 7800), Map.of(),
            0);
    private static final Overrides NO_OVERRIDES = new Overrides(Map.of(), key -> null);

    private final CountDownLatch never = new CountDownLatch(1);
    private final Map<String, List<InetSocketAddress>> answers = new ConcurrentHashMap<>();
    private final List<String> saved = new CopyOnWriteArrayList<>();
    private Strategies strategies;

    @AfterEach
    void release() {
        never.countDown();
        if (strategies != null) {
            strategies.deactivate();
        }
    }

    @Test
    void asksEveryActiveStrategyAndNoOther() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static,dns"), saved::add);
        Fake fixed = new Fake("static", () -> List.of(Seed.of("127.0.0.1", 7801)));
        Fake dns = new Fake("dns", () -> List.of(Seed.of("127.0.0.2")));
        Fake local = new Fake("local", () -> List.of(Seed.of("127.0.0.3", 7803)));
        List.of(fixed, dns, local).forEach(strategies::bindStrategy);

        strategies.round("c", SELF, false, answers::put);

        await(() -> answers.size() == 2);
        assertThat(answers.get("static")).containsExactly(new InetSocketAddress("127.0.0.1", 7801));
        assertThat(answers.get("dns")).containsExactly(new InetSocketAddress("127.0.0.2", 0));
        assertThat(local.asked).isEmpty();
        assertThat(fixed.advertised).containsExactly(SELF);
    }

    @Test
    void theInitialRoundReturnsOnceTheStrategiesHaveAnswered() throws Exception {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static", "strategy.timeout", "30s"), saved::add);
        CountDownLatch answer = new CountDownLatch(1);
        Fake slow = new Fake("static", () -> {
            answer.await();
            return List.of(Seed.of("127.0.0.1", 7801));
        });
        strategies.bindStrategy(slow);

        Thread round = new Thread(() -> strategies.round("c", SELF, true, answers::put));
        round.start();
        await(() -> !slow.asked.isEmpty());
        assertThat(round.isAlive()).as("the initial round waits for the strategy's answer").isTrue();

        answer.countDown();
        round.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(round.isAlive()).isFalse();
        assertThat(answers.get("static")).as("handed over before the round returned")
                .containsExactly(new InetSocketAddress("127.0.0.1", 7801));
    }

    @Test
    void theInitialRoundIsMorePatientThanTheStrategyTimeout() throws Exception {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static", "strategy.timeout", "100ms"), saved::add);
        CountDownLatch answer = new CountDownLatch(1);
        Fake cold = new Fake("static", () -> {
            answer.await();
            return List.of(Seed.of("127.0.0.1", 7801));
        });
        strategies.bindStrategy(cold);

        Thread round = new Thread(() -> strategies.round("c", SELF, true, answers::put));
        round.start();
        Awaitility.await("still waiting for a cold strategy, long past strategy.timeout")
                .during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(round::isAlive);
        answer.countDown();
        round.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(answers.get("static")).containsExactly(new InetSocketAddress("127.0.0.1", 7801));
        assertThat(status("static").lastError()).isEmpty();
    }

    @Test
    void aFailingStrategyIsReportedAndTheOthersStillCount() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static,dns"), saved::add);
        strategies.bindStrategy(new Fake("static", () -> {
            throw new IllegalStateException("registry offline");
        }));
        strategies.bindStrategy(new Fake("dns", () -> List.of(Seed.of("127.0.0.2", 7800))));

        strategies.round("c", SELF, false, answers::put);

        await(() -> status("static").lastError().isPresent() && answers.containsKey("dns"));
        assertThat(status("static").lastError()).contains("IllegalStateException: registry offline");
        assertThat(status("dns").lastError()).isEmpty();
        assertThat(status("dns").seeds()).containsExactly(Seed.of("127.0.0.2", 7800));
    }

    @Test
    void aHangingStrategyIsSkippedAfterItsTimeoutAndNotAskedAgainUntilItReturns() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static,dns", "strategy.timeout", "200ms"), saved::add);
        Fake hanging = new Fake("static", () -> {
            never.await();
            return List.of();
        });
        strategies.bindStrategy(hanging);
        strategies.bindStrategy(new Fake("dns", () -> List.of(Seed.of("127.0.0.2", 7800))));

        strategies.round("c", SELF, false, answers::put);
        await(() -> status("static").lastError().isPresent());
        assertThat(status("static").lastError()).contains("no answer within 200ms (strategy.timeout)");
        assertThat(answers).containsOnlyKeys("dns");

        strategies.round("c", SELF, false, answers::put);
        await(() -> status("static").lastError().orElse("").startsWith("still answering"));
        assertThat(hanging.asked).hasSize(1);
    }

    @Test
    void staleSeedsAreUsedAndTheirReasonReported() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static"), saved::add);
        strategies.bindStrategy(new Fake("static", () -> {
            throw new io.foundation.api.cluster.StaleSeedsException("API server unreachable",
                    List.of(Seed.of("127.0.0.1", 7801)), null);
        }));

        strategies.round("c", SELF, false, answers::put);

        await(() -> answers.containsKey("static"));
        assertThat(answers.get("static")).containsExactly(new InetSocketAddress("127.0.0.1", 7801));
        assertThat(status("static").lastError()).contains("API server unreachable (using the 1 seed(s) read before)");
        assertThat(status("static").seeds()).containsExactly(Seed.of("127.0.0.1", 7801));
    }

    @Test
    void anUnresolvableSeedIsReportedWhileTheOthersAreUsed() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static"), saved::add);
        strategies.bindStrategy(new Fake("static",
                () -> List.of(Seed.of("no-such-host.invalid", 7800), Seed.of("127.0.0.1", 7801))));

        strategies.round("c", SELF, false, answers::put);

        await(() -> answers.containsKey("static"));
        assertThat(answers.get("static")).containsExactly(new InetSocketAddress("127.0.0.1", 7801));
        assertThat(status("static").lastError()).hasValueSatisfying(e -> assertThat(e).contains("no-such-host"));
    }

    @Test
    void autoMeansLocalAndMulticastAndFalseMeansNone() {
        strategies = new Strategies(NO_OVERRIDES, Map.of(), saved::add);
        assertThat(strategies.selection().active()).containsExactly("local", "multicast");
        assertThat(strategies.selection().reason()).startsWith("auto");
        strategies.modified(Map.of("cluster", "false"));
        await(() -> strategies.selection().active().isEmpty());
    }

    @Test
    void anUnknownStrategyIsRefusedAndThePreviousSelectionStays() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static"), saved::add);
        strategies.modified(Map.of("cluster", "statik"));
        assertThat(strategies.selection().active()).containsExactly("static");
        assertThat(strategies.rejectedConfiguration()).hasValueSatisfying(r ->
                assertThat(r).contains("unknown strategy [statik]").contains("still using [static]"));

        strategies.modified(Map.of("cluster", "dns"));
        await(() -> strategies.selection().active().equals(List.of("dns")));
        assertThat(strategies.rejectedConfiguration()).isEmpty();
    }

    @Test
    void aDeselectedStrategyWithdrawsTheNode() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static"), saved::add);
        Fake fixed = new Fake("static", List::of);
        strategies.bindStrategy(fixed);
        strategies.round("c", SELF, false, answers::put);
        await(() -> status("static").lastRound().isPresent());

        strategies.modified(Map.of("cluster", "dns"));

        await(() -> !fixed.withdrawn.isEmpty());
        assertThat(fixed.withdrawn).containsExactly(SELF);
    }

    @Test
    void theFirstRoundWaitsForAConfiguredStrategyThatIsStillStarting() throws Exception {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static", "strategy.timeout", "5s"), saved::add);
        BlockingQueue<String> done = new LinkedBlockingQueue<>();
        Thread round = new Thread(() -> {
            strategies.round("c", SELF, true, answers::put);
            done.add("round started");
        });
        round.start();
        strategies.bindStrategy(new Fake("static", () -> List.of(Seed.of("127.0.0.1", 7801))));
        assertThat(done.poll(10, TimeUnit.SECONDS)).isNotNull();
        await(() -> answers.containsKey("static"));
    }

    @Test
    void statusListsActiveStrategiesFirst() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static"), saved::add);
        strategies.bindStrategy(new Fake("dns", List::of));
        strategies.bindStrategy(new Fake("static", List::of));
        assertThat(strategies.strategies()).extracting(StrategyStatus::name).containsExactly("static", "dns");
        assertThat(strategies.strategies().get(0).active()).isTrue();
        assertThat(strategies.strategies().get(1).available()).isTrue();
    }

    @Test
    void useRecordsTheChoiceAndAppliesIt() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static"), saved::add);
        strategies.bindStrategy(new Fake("static", List::of));
        strategies.bindStrategy(new Fake("dns", List::of));
        assertThat(strategies.use(List.of("dns", "static")).active()).containsExactly("dns", "static");
        assertThat(strategies.selection().active()).containsExactly("dns", "static");
        assertThat(saved).containsExactly("dns,static");
    }

    @Test
    void aMisconfiguredOrUnknownStrategyIsRefusedBeforeAnythingChanges() {
        strategies = new Strategies(NO_OVERRIDES, Map.of("cluster", "static"), saved::add);
        strategies.bindStrategy(new Fake("static", List::of));
        Fake dns = new Fake("dns", List::of);
        dns.problem = "dns.name is not set";
        strategies.bindStrategy(dns);
        assertThatThrownBy(() -> strategies.use(List.of("dns"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strategy dns: dns.name is not set").hasMessageContaining("still using [static]");
        assertThatThrownBy(() -> strategies.use(List.of("etcd"))).hasMessageContaining("unknown strategy [etcd]");
        assertThat(strategies.selection().active()).containsExactly("static");
        assertThat(saved).isEmpty();

        strategies.modified(Map.of("cluster", "dns"));
        await(() -> strategies.rejectedConfiguration().isPresent());
        assertThat(strategies.rejectedConfiguration()).hasValueSatisfying(r -> assertThat(r).contains("dns.name"));
        assertThat(strategies.selection().active()).containsExactly("static");
    }

    @Test
    void theShellCannotOverrideAnEnvironmentVariable() {
        strategies = new Strategies(new Overrides(Map.of("FOUNDATION_CLUSTER", "static"), key -> null),
                Map.of(), saved::add);
        assertThatThrownBy(() -> strategies.use(List.of("dns"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("environment FOUNDATION_CLUSTER");
    }

    @Test
    void autoUsesWhatStrategiesDetectAndFallsBackWhenTheyGo() {
        strategies = new Strategies(NO_OVERRIDES, Map.of(), saved::add);
        Fake k8s = new Fake("k8s", List::of);
        k8s.detected = "inside Kubernetes";
        strategies.bindStrategy(k8s);
        assertThat(strategies.selection().active()).containsExactly("k8s");
        assertThat(strategies.selection().reason()).isEqualTo("auto: k8s (inside Kubernetes)");

        strategies.unbindStrategy(k8s);
        assertThat(strategies.selection().active()).containsExactly("local", "multicast");
        assertThat(strategies.selection().reason()).startsWith("auto: no environment detected");
    }

    private StrategyStatus status(String name) {
        Optional<StrategyStatus> found = strategies.strategies().stream().filter(s -> s.name().equals(name))
                .findFirst();
        assertThat(found).isPresent();
        return found.get();
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }

    /** A strategy whose answers the test decides, recording how it was called. */
    private static final class Fake implements ClusterStrategy {
        final String name;
        final Callable<Collection<Seed>> answer;
        final List<String> asked = new CopyOnWriteArrayList<>();
        final List<Member> advertised = new CopyOnWriteArrayList<>();
        final List<Member> withdrawn = new CopyOnWriteArrayList<>();
        volatile String problem;
        volatile String detected;

        Fake(String name, Callable<Collection<Seed>> answer) {
            this.name = name;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Collection<Seed> seeds(String cluster) throws Exception {
            asked.add(cluster);
            return answer.call();
        }

        @Override
        public void advertise(String cluster, Member self) {
            if (!advertised.contains(self)) {
                advertised.add(self);
            }
        }

        @Override
        public void withdraw(String cluster, Member self) {
            withdrawn.add(self);
        }

        @Override
        public Optional<String> configurationProblem() {
            return Optional.ofNullable(problem);
        }

        @Override
        public Optional<String> detect() {
            return Optional.ofNullable(detected);
        }
    }
}
