package io.foundation.strategy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.foundation.api.cluster.Seed;
import io.foundation.settings.Overrides;

/**
 * The default: no kubeconfig, so the client is set up as inside a pod, from KUBERNETES_SERVICE_HOST/PORT (https),
 * the mounted service account's CA certificate and token, and its namespace file.
 */
class InClusterTest {

    @TempDir
    Path dir;

    @Test
    void theServiceAccountIsUsedAsAPodWouldUseIt() throws Exception {
        try (MockApi api = MockApi.start(dir, null, 0, true)) {
            api.create("team-a", "a", "app", "foundation");
            api.running("team-a", "a", "10.1.0.1", true);
            Path sa = Files.createDirectories(dir.resolve("serviceaccount"));
            Files.copy(api.certificate(), sa.resolve("ca.crt"));
            Files.writeString(sa.resolve("token"), "token-1\n");
            Files.writeString(sa.resolve("namespace"), "team-a");
            Environment pod = new Environment(Map.of("KUBERNETES_SERVICE_HOST", "localhost",
                    "KUBERNETES_SERVICE_PORT", String.valueOf(api.port)), sa);
            K8sStrategy k8s = new K8sStrategy(new Overrides(Map.of(), k -> null), pod, Map.of("k8s.watch", "false"));
            assertThat(k8s.detect()).isPresent();
            assertThat(k8s.configurationProblem()).isEmpty();

            assertThat(k8s.seeds("c")).containsExactly(Seed.of("10.1.0.1"));
            RecordedRequest list = api.server.getLastRequest();
            assertThat(list.getPath()).isEqualTo("/api/v1/namespaces/team-a/pods?labelSelector=app%3Dfoundation");
            assertThat(list.getHeader("Authorization")).isEqualTo("Bearer token-1");

            // The kubelet rotates the token: the next request carries the new one.
            Files.writeString(sa.resolve("token"), "token-2\n");
            Files.setLastModifiedTime(sa.resolve("token"),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
            assertThat(k8s.seeds("c")).containsExactly(Seed.of("10.1.0.1"));
            assertThat(api.server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-2");
            k8s.deactivate();
        }
    }
}
