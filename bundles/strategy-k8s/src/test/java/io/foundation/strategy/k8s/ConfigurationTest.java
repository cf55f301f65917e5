package io.foundation.strategy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foundation.settings.Overrides;

/** detect(), configurationProblem() and the reading of the k8s.* keys; no server needed. */
class ConfigurationTest {

    private static final Map<String, String> IN_POD = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
            "KUBERNETES_SERVICE_PORT", "443");

    @TempDir
    Path dir;

    private Path serviceAccount(boolean token) throws Exception {
        Path sa = Files.createDirectories(dir.resolve(token ? "sa" : "sa-without-token"));
        Files.writeString(sa.resolve("namespace"), "prod");
        if (token) {
            Files.writeString(sa.resolve("token"), "eyJ.token");
        }
        return sa;
    }

    private K8sStrategy strategy(Map<String, String> env, Path sa, Map<String, Object> config) {
        return new K8sStrategy(new Overrides(Map.of(), k -> null), new Environment(env, sa), config);
    }

    @Test
    void detectsAPodByItsServiceVariablesAndToken() throws Exception {
        K8sStrategy inPod = strategy(IN_POD, serviceAccount(true), Map.of());
        assertThat(inPod.detect()).contains("inside Kubernetes: KUBERNETES_SERVICE_HOST=10.96.0.1 and "
                + "KUBERNETES_SERVICE_PORT=443 set, service-account token readable at " + dir.resolve("sa/token"));
        assertThat(inPod.configurationProblem()).isEmpty();
        assertThat(inPod.settings().namespace()).isEqualTo("prod");
    }

    @Test
    void detectsNothingOutsideAPodOrWithoutAToken() throws Exception {
        assertThat(strategy(Map.of(), serviceAccount(true), Map.of()).detect()).isEmpty();
        assertThat(strategy(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), serviceAccount(true), Map.of()).detect())
                .isEmpty();
        assertThat(strategy(IN_POD, serviceAccount(false), Map.of()).detect()).isEmpty();
        // DNS mode needs no token.
        assertThat(strategy(IN_POD, serviceAccount(false), Map.of("k8s.mode", "dns", "k8s.service", "foundation"))
                .detect()).hasValueSatisfying(why -> assertThat(why).contains("no service-account token"));
    }

    @Test
    void outsideAPodWithoutKubeconfigIsAConfigurationProblem() throws Exception {
        assertThat(strategy(Map.of(), serviceAccount(true), Map.of()).configurationProblem())
                .contains("not inside Kubernetes (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set) "
                        + "and k8s.kubeconfig is empty: set k8s.kubeconfig to a kubeconfig file, or use k8s.mode=dns");
        assertThat(strategy(IN_POD, serviceAccount(false), Map.of()).configurationProblem())
                .hasValueSatisfying(p -> assertThat(p).startsWith("no readable service-account token at "));
    }

    @Test
    void aKubeconfigThatCannotBeReadIsAConfigurationProblem() throws Exception {
        Path missing = dir.resolve("missing");
        assertThat(strategy(Map.of(), dir, Map.of("k8s.kubeconfig", missing.toString())).configurationProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("k8s.kubeconfig=" + missing + " names no file"));
        Path garbage = Files.writeString(dir.resolve("garbage"), "clusters: [ {{{");
        assertThat(strategy(Map.of(), dir, Map.of("k8s.kubeconfig", garbage.toString())).configurationProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("is not a usable kubeconfig"));
        Path good = Files.writeString(dir.resolve("good"), MockApi.kubeconfig(6443, "dev"));
        K8sStrategy k8s = strategy(Map.of(), dir, Map.of("k8s.kubeconfig", good.toString()));
        assertThat(k8s.configurationProblem()).isEmpty();
        assertThat(k8s.settings().namespace()).isEqualTo("dev");
        // Deleted after it was read: still reported when the node asks.
        Files.delete(good);
        assertThat(k8s.configurationProblem()).hasValueSatisfying(p -> assertThat(p).contains("names no file"));
    }

    @Test
    void badSelectorsAreConfigurationProblems() throws Exception {
        Path sa = serviceAccount(true);
        for (String bad : new String[] {"app=", "=foundation", "app==foo bar", "app in (a,b", "app=foundation,,x",
                "-app=x", "app=foundation!"}) {
            Optional<String> problem = strategy(IN_POD, sa, Map.of("k8s.selector", bad)).configurationProblem();
            if (bad.equals("app=")) {
                // An empty value is valid Kubernetes ("app" label present with value "").
                assertThat(problem).as(bad).isEmpty();
            } else {
                assertThat(problem).as(bad).hasValueSatisfying(p -> assertThat(p)
                        .startsWith("k8s.selector=" + bad + " is not a label selector").endsWith("keeping app=foundation"));
            }
        }
        assertThat(strategy(IN_POD, sa, Map.of("k8s.selector", " ")).configurationProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("is empty, which would select every pod"));
        for (String good : new String[] {"app=foundation", "app.kubernetes.io/name=foundation,tier!=db", "app",
                "!canary", "app in (foundation, foundation-2)", "tier notin (db)", "app==foundation"}) {
            assertThat(strategy(IN_POD, sa, Map.of("k8s.selector", good)).configurationProblem()).as(good).isEmpty();
        }
    }

    @Test
    void otherBadValuesAreReportedAndThePreviousKept() throws Exception {
        Path sa = serviceAccount(true);
        K8sStrategy k8s = strategy(IN_POD, sa, Map.of("k8s.port", "7800", "k8s.timeout", "2s"));
        assertThat(k8s.settings().port()).isEqualTo(7800);
        k8s.modified(new HashMap<>(Map.of("k8s.port", "abc", "k8s.timeout", "forever", "k8s.mode", "etcd",
                "k8s.watch", "sometimes", "k8s.namespace", "Prod_1")));
        K8sSettings s = k8s.settings();
        assertThat(s.port()).isEqualTo(7800);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.mode()).isEqualTo(K8sSettings.Mode.API);
        assertThat(s.watch()).isTrue();
        assertThat(s.namespace()).isEqualTo("prod");
        assertThat(k8s.configurationProblem()).hasValueSatisfying(p -> assertThat(p)
                .contains("k8s.port=abc is not a whole number; keeping 7800")
                .contains("k8s.timeout=forever is not a duration")
                .contains("k8s.mode=etcd must be api or dns")
                .contains("k8s.watch=sometimes must be true or false")
                .contains("k8s.namespace=Prod_1 is not a namespace name"));
    }

    @Test
    void dnsModeNeedsAServiceAndBuildsTheClusterName() throws Exception {
        Path sa = serviceAccount(false);
        assertThat(strategy(IN_POD, sa, Map.of("k8s.mode", "dns")).configurationProblem())
                .contains("k8s.mode=dns needs k8s.service: the name of a headless service that selects the cluster's "
                        + "pods");
        K8sStrategy dns = strategy(IN_POD, sa, Map.of("k8s.mode", "dns", "k8s.service", "foundation-peers"));
        assertThat(dns.configurationProblem()).isEmpty();
        assertThat(dns.settings().dnsName()).isEqualTo("foundation-peers.prod.svc.cluster.local.");
        assertThat(strategy(IN_POD, sa, Map.of("k8s.mode", "dns", "k8s.service", "peers.prod.svc.example.org"))
                .settings().dnsName()).isEqualTo("peers.prod.svc.example.org.");
        assertThat(strategy(IN_POD, sa, Map.of("k8s.mode", "dns", "k8s.service", "bad name")).configurationProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("k8s.service=bad name is neither"));
    }

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        K8sStrategy k8s = new K8sStrategy(new Overrides(Map.of("FOUNDATION_K8S_SELECTOR", "app=shop",
                "FOUNDATION_K8S_WATCH", "false"), k -> k.equals("foundation.k8s.port") ? "7900" : null),
                new Environment(IN_POD, serviceAccount(true)), Map.of("k8s.selector", "app=other", "k8s.port", "1"));
        assertThat(k8s.settings().selector()).isEqualTo("app=shop");
        assertThat(k8s.settings().watch()).isFalse();
        assertThat(k8s.settings().port()).isEqualTo(7900);
    }
}
