package io.foundation.itests.k8s;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

/**
 * A fake Kubernetes API server for multi-node tests: Fabric8's mock server in CRUD mode (objects live in memory,
 * list and watch with label selectors work, a deletion with finalizers leaves the object terminating) as a process
 * of its own, so it can run inside a network namespace next to the nodes.
 *
 * <pre>
 * java -jar itests/kubernetes-fake/target/kubernetes-fake.jar [--host 127.0.0.1] [--port 0]
 *      [--kubeconfig FILE [--namespace NS]]
 * </pre>
 *
 * Prints exactly one line {@code ready http://HOST:PORT} on standard output once it listens (port 0 picks a free
 * one), then runs until it is killed or its standard input closes. {@code --kubeconfig} first writes a kubeconfig
 * for that URL (context namespace {@code NS} when given) for the nodes' {@code k8s.kubeconfig}. Plain HTTP, no
 * authentication, no RBAC. {@link FakePods} drives pods through it.
 */
public final class FakeKubernetes {

    /** Held so the setting sticks: the mock server logs every request through java.util.logging at INFO. */
    private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

    private FakeKubernetes() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 0;
        Path kubeconfig = null;
        String namespace = null;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = value(args, ++i);
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i));
                case "--namespace" -> namespace = value(args, ++i);
                case "--verbose" -> verbose = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        QUIET.setLevel(verbose ? Level.INFO : Level.WARNING);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");

        KubernetesMockServer server = start(host, port);
        String url = url(host, server);
        if (kubeconfig != null) {
            writeKubeconfig(kubeconfig, url, namespace);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.destroy();
            stop.countDown();
        }, "fake-kubernetes-stop"));
        System.out.println("ready " + url);
        System.out.flush();

        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // an orchestrating test closes our stdin to stop us
                }
            } catch (IOException ignored) {
                // treated as closed
            }
            System.exit(0);
        }, "fake-kubernetes-stdin");
        stdin.setDaemon(true);
        stdin.start();
        stop.await();
    }

    /** Fabric8's mock server in CRUD mode, listening on {@code host:port} (0: a free port). */
    public static KubernetesMockServer start(String host, int port) throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        MockWebServer web = new MockWebServer();
        // A real API server never takes the JDK client's 'Upgrade: h2c' on plain HTTP (Go's server has no h2c);
        // Vert.x's default takes it, and that upgrade path is a known source of flaky framing and closes.
        web.setHttp2ClearTextEnabled(false);
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web,
                responses, new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getByName(host), port);
        return server;
    }

    public static String url(String host, KubernetesMockServer server) {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    /** A kubeconfig with one cluster at {@code url}, a user with a dummy token, and the context namespace if any. */
    public static String kubeconfig(String url, String namespace) {
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: fake\n"
                + "  cluster:\n"
                + "    server: " + url + "\n"
                + "contexts:\n"
                + "- name: fake\n"
                + "  context:\n"
                + "    cluster: fake\n"
                + "    user: fake\n"
                + (namespace == null ? "" : "    namespace: " + namespace + "\n")
                + "current-context: fake\n"
                + "users:\n"
                + "- name: fake\n"
                + "  user:\n"
                + "    token: fake-token-not-checked\n";
    }

    public static void writeKubeconfig(Path file, String url, String namespace) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, kubeconfig(url, namespace));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -jar kubernetes-fake.jar [--host 127.0.0.1] [--port 0] "
                + "[--kubeconfig FILE [--namespace NS]] [--verbose]");
        System.exit(2);
    }
}
