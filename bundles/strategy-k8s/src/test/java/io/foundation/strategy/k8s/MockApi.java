package io.foundation.strategy.k8s;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

/**
 * Fabric8's Kubernetes mock server in CRUD mode (with expectations first, for the 403s) on 127.0.0.1, a kubeconfig
 * that points at it, and a client for the test to play the kubelet: create pods, make them ready, terminate them.
 */
final class MockApi implements AutoCloseable {

    /** Held so the setting sticks: the mock server logs every request through java.util.logging at INFO. */
    private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(Level.WARNING);
    }

    final KubernetesMockServer server;
    final KubernetesClient client;
    final Path kubeconfig;
    final int port;

    private MockApi(KubernetesMockServer server, Path kubeconfig) {
        this.server = server;
        this.port = server.getPort();
        this.kubeconfig = kubeconfig;
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withTrustCerts(true)
                .withDisableHostnameVerification(true).build();
        this.client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    /** A server on a free port, its kubeconfig in {@code dir}, context namespace {@code namespace} (or none). */
    static MockApi start(Path dir, String namespace) throws IOException {
        return start(dir, namespace, 0);
    }

    static MockApi start(Path dir, String namespace, int port) throws IOException {
        return start(dir, namespace, port, false);
    }

    /** With {@code https}, the server's self-signed certificate is {@link #certificate()}. */
    static MockApi start(Path dir, String namespace, int port, boolean https) throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        MockWebServer web = new MockWebServer();
        // A real API server never takes the JDK client's 'Upgrade: h2c' on plain HTTP (Go's server has no h2c);
        // Vert.x's default takes it, and that upgrade path is a known source of flaky framing and closes.
        web.setHttp2ClearTextEnabled(false);
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web,
                responses, new KubernetesMixedDispatcher(responses), https);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        Path kubeconfig = dir.resolve("kubeconfig-" + server.getPort());
        Files.writeString(kubeconfig, kubeconfig(server.getPort(), namespace));
        return new MockApi(server, kubeconfig);
    }

    static String kubeconfig(int port, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: mock
                %s
                current-context: mock
                users:
                - name: mock
                  user:
                    token: not-checked
                """.formatted(port, namespace == null ? "" : "    namespace: " + namespace);
    }

    /** The PEM of the server's self-signed certificate (https only). */
    Path certificate() {
        return Path.of(server.getSelfSignedCertificate().certificatePath());
    }

    /** A pod as the scheduler leaves it: Pending, no IP. */
    void create(String namespace, String name, String... labels) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewContainer().withName("node").withImage("foundation").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            pod.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
        }
        client.pods().inNamespace(namespace).resource(pod.build()).create();
    }

    /** Running with an IP, and the readiness condition {@code ready}. */
    void running(String namespace, String name, String ip, boolean ready) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        pod.setStatus(new PodBuilder().withNewStatus().withPhase("Running").withPodIP(ip).addNewCondition()
                .withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build().getStatus());
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }

    void phase(String namespace, String name, String phase, String ip) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        pod.getStatus().setPhase(phase);
        pod.getStatus().setPodIP(ip);
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }

    /** Deleted with a finalizer holding it: it stays, Terminating (deletionTimestamp set), as a pod in its grace. */
    void terminate(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        pod.getMetadata().setFinalizers(List.of("foundation.test/grace"));
        client.pods().inNamespace(namespace).resource(pod).update();
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    /** The end of the grace period: the finalizer goes, so does the pod. */
    void gone(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        pod.getMetadata().setFinalizers(List.of());
        client.pods().inNamespace(namespace).resource(pod).update();
    }

    /** Every request for pods in {@code namespace} (list or watch) answers 403, as the API server without RBAC. */
    void forbid(String namespace, String verb, String path) {
        server.expect().get().withPath(path).andReturn(403, new StatusBuilder().withKind("Status")
                .withApiVersion("v1").withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage("pods is forbidden: User \"system:serviceaccount:" + namespace + ":default\" cannot "
                        + verb + " resource \"pods\" in API group \"\" in the namespace \"" + namespace + "\"")
                .build()).always();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
