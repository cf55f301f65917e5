package io.foundation.strategy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StaleSeedsException;
import io.foundation.settings.Overrides;

/** API mode against Fabric8's mock server in CRUD mode, watched and polled. */
class ApiModeTest {

    private static final Member SELF = new Member("id-1", "n1", new java.net.InetSocketAddress("127.0.0.1", 7800),
            Map.of(), 0);

    @TempDir
    Path dir;

    private MockApi api;
    private final List<K8sStrategy> strategies = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = MockApi.start(dir, null);
    }

    @AfterEach
    void stop() {
        strategies.forEach(K8sStrategy::deactivate);
        if (api != null) {
            api.close();
        }
    }

    private K8sStrategy strategy(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("k8s.kubeconfig", api.kubeconfig.toString());
        config.put("k8s.namespace", "prod");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        K8sStrategy strategy = new K8sStrategy(new Overrides(Map.of(), k -> null),
                new Environment(Map.of(), dir.resolve("no-service-account")), config);
        strategies.add(strategy);
        return strategy;
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50));
    }

    @ParameterizedTest(name = "k8s.watch={0}")
    @ValueSource(booleans = {true, false})
    void podsAppearBecomeReadyAndLeaveWhenTerminating(boolean watch) throws Exception {
        K8sStrategy k8s = strategy("k8s.watch", watch);
        assertThat(k8s.seeds("c")).isEmpty();

        api.create("prod", "node-0", "app", "foundation");
        api.create("prod", "node-1", "app", "foundation");
        await().during(Duration.ofMillis(300)).until(() -> k8s.seeds("c").isEmpty());

        api.running("prod", "node-0", "10.1.0.10", true);
        await().until(() -> k8s.seeds("c").equals(List.of(Seed.of("10.1.0.10"))));

        api.running("prod", "node-1", "10.1.0.11", false);
        await().during(Duration.ofMillis(300)).until(() -> k8s.seeds("c").equals(List.of(Seed.of("10.1.0.10"))));
        api.running("prod", "node-1", "10.1.0.11", true);
        await().until(() -> k8s.seeds("c").equals(List.of(Seed.of("10.1.0.10"), Seed.of("10.1.0.11"))));

        api.terminate("prod", "node-0");
        await().until(() -> k8s.seeds("c").equals(List.of(Seed.of("10.1.0.11"))));
        api.gone("prod", "node-0");
        await().during(Duration.ofMillis(300)).until(() -> k8s.seeds("c").equals(List.of(Seed.of("10.1.0.11"))));
    }

    @Test
    void podsThatAreNotReadyAreIgnored() throws Exception {
        api.create("prod", "ready", "app", "foundation");
        api.running("prod", "ready", "10.1.0.1", true);
        api.create("prod", "probe-failing", "app", "foundation");
        api.running("prod", "probe-failing", "10.1.0.2", false);
        api.create("prod", "pending", "app", "foundation");
        api.create("prod", "finished", "app", "foundation");
        api.running("prod", "finished", "10.1.0.4", true);
        api.phase("prod", "finished", "Succeeded", "10.1.0.4");
        api.create("prod", "no-ip", "app", "foundation");
        api.running("prod", "no-ip", "10.1.0.5", true);
        api.phase("prod", "no-ip", "Running", null);

        for (boolean watch : new boolean[] {true, false}) {
            assertThat(strategy("k8s.watch", watch).seeds("c")).containsExactly(Seed.of("10.1.0.1"));
        }
    }

    @Test
    void onlyTheSelectorsPodsInTheNamespaceCount() throws Exception {
        api.create("prod", "a", "app", "foundation", "tier", "web");
        api.running("prod", "a", "10.1.0.1", true);
        api.create("prod", "b", "app", "foundation", "tier", "db");
        api.running("prod", "b", "10.1.0.2", true);
        api.create("prod", "other-app", "app", "billing");
        api.running("prod", "other-app", "10.1.0.3", true);
        api.create("staging", "c", "app", "foundation");
        api.running("staging", "c", "10.2.0.1", true);

        assertThat(strategy().seeds("c")).containsExactly(Seed.of("10.1.0.1"), Seed.of("10.1.0.2"));
        assertThat(strategy("k8s.selector", "app=foundation,tier=web").seeds("c"))
                .containsExactly(Seed.of("10.1.0.1"));
        assertThat(strategy("k8s.selector", "app=billing", "k8s.watch", "false").seeds("c"))
                .containsExactly(Seed.of("10.1.0.3"));
        assertThat(strategy("k8s.namespace", "staging").seeds("c")).containsExactly(Seed.of("10.2.0.1"));
        assertThat(strategy("k8s.namespace", "staging", "k8s.port", "7801").seeds("c"))
                .containsExactly(Seed.of("10.2.0.1", 7801));
    }

    @Test
    void theNamespaceDefaultsToTheKubeconfigContextThenTheServiceAccountThenDefault() throws Exception {
        try (MockApi withNamespace = MockApi.start(dir, "staging")) {
            withNamespace.create("staging", "c", "app", "foundation");
            withNamespace.running("staging", "c", "10.2.0.1", true);
            K8sStrategy k8s = strategy("k8s.kubeconfig", withNamespace.kubeconfig.toString(), "k8s.namespace", "");
            assertThat(k8s.settings().namespace()).isEqualTo("staging");
            assertThat(k8s.seeds("c")).containsExactly(Seed.of("10.2.0.1"));
            k8s.deactivate();
        }
        Path sa = dir.resolve("sa");
        java.nio.file.Files.createDirectories(sa);
        java.nio.file.Files.writeString(sa.resolve("namespace"), "team-a\n");
        K8sStrategy fromFile = new K8sStrategy(new Overrides(Map.of(), k -> null), new Environment(Map.of(), sa),
                Map.of("k8s.kubeconfig", api.kubeconfig.toString()));
        assertThat(fromFile.settings().namespace()).isEqualTo("team-a");
        K8sStrategy fallback = new K8sStrategy(new Overrides(Map.of(), k -> null),
                new Environment(Map.of(), dir.resolve("none")), Map.of("k8s.kubeconfig", api.kubeconfig.toString()));
        assertThat(fallback.settings().namespace()).isEqualTo("default");
    }

    @ParameterizedTest(name = "k8s.watch={0}")
    @ValueSource(booleans = {true, false})
    void aMissingListPermissionNamesIt(boolean watch) {
        api.forbid("prod", "list", "/api/v1/namespaces/prod/pods?labelSelector=app%3Dfoundation");
        K8sStrategy k8s = strategy("k8s.watch", watch);
        assertThatThrownBy(() -> k8s.seeds("c")).isInstanceOf(IllegalStateException.class)
                .hasMessage("forbidden: the kubeconfig's user (" + api.kubeconfig + ") "
                        + "(system:serviceaccount:prod:default) lacks 'list pods' in namespace 'prod' "
                        + "(RBAC: grant get, list, watch on pods; see the strategy-k8s README)");
    }

    @Test
    void aMissingWatchPermissionNamesItAndFallsBackToListing() throws Exception {
        api.create("prod", "a", "app", "foundation");
        api.running("prod", "a", "10.1.0.1", true);
        String version = api.client.pods().inNamespace("prod").list().getMetadata().getResourceVersion();
        api.forbid("prod", "watch", "/api/v1/namespaces/prod/pods?allowWatchBookmarks=true&labelSelector=app%3D"
                + "foundation&resourceVersion=" + version + "&timeoutSeconds=300&watch=true");
        K8sStrategy k8s = strategy();
        await().untilAsserted(() -> assertThatThrownBy(() -> k8s.seeds("c"))
                .isInstanceOfSatisfying(StaleSeedsException.class,
                        e -> assertThat(e.lastKnown()).containsExactly(Seed.of("10.1.0.1")))
                .hasMessageStartingWith("forbidden: ")
                .hasMessageContaining("lacks 'watch pods' in namespace 'prod' (RBAC: grant get, list, watch on pods")
                .hasMessageContaining("; seeds as of "));
    }

    @ParameterizedTest(name = "k8s.watch={0}")
    @ValueSource(booleans = {true, false})
    void anUnreachableServerKeepsTheLastGoodSeedsAndSaysSo(boolean watch) throws Exception {
        api.create("prod", "a", "app", "foundation");
        api.running("prod", "a", "10.1.0.1", true);
        K8sStrategy k8s = strategy("k8s.watch", watch, "k8s.timeout", "300ms");
        assertThat(k8s.seeds("c")).containsExactly(Seed.of("10.1.0.1"));
        int port = api.port;
        api.close();
        api = null;

        // Polling finds out on the next round, watching when the watch drops; either way the seeds stay.
        await().untilAsserted(() -> assertThatThrownBy(() -> k8s.seeds("c"))
                .isInstanceOfSatisfying(StaleSeedsException.class,
                        e -> assertThat(e.lastKnown()).containsExactly(Seed.of("10.1.0.1")))
                .hasMessageStartingWith("the API server at http://127.0.0.1:" + port
                        + "/ is unreachable (connection refused) since ")
                .hasMessageContaining("; seeds as of "));

        // The server comes back with other pods: the staleness goes, the seeds follow.
        api = MockApi.start(dir, null, port);
        api.create("prod", "b", "app", "foundation");
        api.running("prod", "b", "10.1.0.2", true);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(k8s.seeds("c")).containsExactly(Seed.of("10.1.0.2")));
    }

    @ParameterizedTest(name = "k8s.watch={0}")
    @ValueSource(booleans = {true, false})
    void aServerNeverReachedIsAnErrorNotAnEmptyList(boolean watch) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        java.nio.file.Files.writeString(api.kubeconfig, MockApi.kubeconfig(closed, null));
        K8sStrategy k8s = strategy("k8s.watch", watch);
        assertThatThrownBy(() -> k8s.seeds("c")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the API server at http://127.0.0.1:" + closed + "/ is unreachable (connection refused)");
    }

    @Test
    void aChangedSettingTakesEffectAndWithdrawStopsTheWatch() throws Exception {
        api.create("prod", "a", "app", "foundation");
        api.running("prod", "a", "10.1.0.1", true);
        api.create("staging", "b", "app", "foundation");
        api.running("staging", "b", "10.2.0.1", true);
        K8sStrategy k8s = strategy();
        assertThat(k8s.seeds("c")).containsExactly(Seed.of("10.1.0.1"));
        k8s.modified(Map.of("k8s.kubeconfig", api.kubeconfig.toString(), "k8s.namespace", "staging"));
        assertThat(k8s.seeds("c")).containsExactly(Seed.of("10.2.0.1"));
        k8s.withdraw("c", SELF);
        await().until(ApiModeTest::noWatchThread);
        // Used again after a withdrawal, it watches again; withdrawn once more so that nothing is still connecting
        // to the mock server when the test tears it down.
        assertThat(k8s.seeds("c")).containsExactly(Seed.of("10.2.0.1"));
        k8s.withdraw("c", SELF);
        await().until(ApiModeTest::noWatchThread);
    }

    private static boolean noWatchThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("foundation-k8s-watch") && t.isAlive());
    }
}
