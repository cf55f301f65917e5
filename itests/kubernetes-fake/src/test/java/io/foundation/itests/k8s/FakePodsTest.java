package io.foundation.itests.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** The documented requests do what FakePods says against the fake server. */
class FakePodsTest {

    private KubernetesMockServer server;
    private FakePods pods;

    @BeforeEach
    void start() throws Exception {
        server = FakeKubernetes.start("127.0.0.1", 0);
        pods = new FakePods(FakeKubernetes.url("127.0.0.1", server));
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    @Test
    void aPodIsCreatedMadeReadyTerminatedAndDeleted() throws Exception {
        pods.create("prod", "node-0", Map.of("app", "foundation"));
        assertThat(pods.list("prod")).contains("\"name\":\"node-0\"").contains("\"phase\":\"Pending\"")
                .doesNotContain("podIP");

        pods.ready("prod", "node-0", "10.1.0.10");
        assertThat(pods.list("prod")).contains("\"phase\":\"Running\"").contains("\"podIP\":\"10.1.0.10\"")
                .contains("{\"type\":\"Ready\",\"status\":\"True\"}");

        pods.notReady("prod", "node-0");
        assertThat(pods.list("prod")).contains("{\"type\":\"Ready\",\"status\":\"False\"}");

        pods.terminate("prod", "node-0");
        assertThat(pods.list("prod")).contains("\"name\":\"node-0\"").contains("deletionTimestamp");

        pods.delete("prod", "node-0");
        assertThat(pods.list("prod")).doesNotContain("node-0");
        pods.delete("prod", "node-0");
    }

    @Test
    void theKubeconfigPointsAtTheServer() {
        assertThat(FakeKubernetes.kubeconfig("http://127.0.0.1:6443", "prod"))
                .contains("    server: http://127.0.0.1:6443\n").contains("    namespace: prod\n")
                .contains("current-context: fake\n");
        assertThat(FakeKubernetes.kubeconfig("http://127.0.0.1:6443", null)).doesNotContain("namespace");
    }
}
