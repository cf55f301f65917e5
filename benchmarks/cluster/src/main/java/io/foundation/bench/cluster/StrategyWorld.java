package io.foundation.bench.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What each discovery strategy needs around the nodes, on the bridged test network where node
 * {@code i} runs in namespace {@code i} and binds 198.18.x.i:7900, the way every pod of a
 * deployment has its own address and the same port: the Kubernetes API stand-in (Fabric8's mock
 * server) with ready pods, the Consul stand-in and a real dnsmasq, all in node 1's namespace.
 *
 * <p>A group names the nodes of one cluster size (or the swap trial): its pods carry the label
 * {@code group=<group>} and its DNS name is {@code <group>.bench.test}.
 */
final class StrategyWorld implements AutoCloseable {

    static final List<String> STRATEGIES = List.of("local", "static", "dns", "k8s", "consul", "mdns");
    static final int PORT = 7900;
    private static final String NAMESPACE = "bench";
    private static final int DNS_PORT = 10053;

    private final Testnet testnet;
    private final Path dir;
    private final List<Process> servers = new ArrayList<>();
    private String kubernetes;
    private String consul;

    private StrategyWorld(Testnet testnet, Path dir) {
        this.testnet = testnet;
        this.dir = dir;
    }

    /** Starts the servers and registers {@code groups} (group name to node count) with them. */
    static StrategyWorld start(Path root, Testnet testnet, Path dir, Reaper reaper, Map<String, Integer> groups)
            throws IOException, InterruptedException {
        StrategyWorld world = new StrategyWorld(testnet, dir);
        try {
            world.kubernetes = world.server(reaper, "kubernetes", jar(root, "kubernetes-fake"), "--host", world.address(1),
                    "--port", "16443", "--kubeconfig", dir.resolve("kubeconfig").toString(), "--namespace", NAMESPACE);
            world.consul = world.server(reaper, "consul", jar(root, "consul-fake"), "--bind", world.address(1), "--port",
                    "18500");
            world.dnsmasq(reaper, groups);
            for (Map.Entry<String, Integer> g : groups.entrySet()) {
                for (int i = 1; i <= g.getValue(); i++) {
                    world.readyPod(g.getKey(), i);
                }
            }
            return world;
        } catch (IOException | RuntimeException e) {
            world.close();
            throw e;
        }
    }

    /**
     * The environment of node {@code i} of {@code group} using {@code strategy}, whose group has
     * {@code size} members. Every strategy's settings are given, so a node can be swapped to any of them.
     */
    Map<String, String> environment(String strategy, String group, int size, int i) {
        Map<String, String> env = new HashMap<>();
        env.put("FOUNDATION_CLUSTER", strategy);
        env.put("FOUNDATION_BIND_ADDRESS", address(i));
        env.put("FOUNDATION_BIND_PORT", Integer.toString(PORT));
        env.put("FOUNDATION_PORT_RANGE", "0");
        List<String> seeds = new ArrayList<>();
        for (int k = 1; k <= size; k++) {
            seeds.add(address(k) + ":" + PORT);
        }
        env.put("FOUNDATION_SEEDS", String.join(",", seeds));
        env.put("FOUNDATION_DNS_NAME", group + ".bench.test");
        env.put("FOUNDATION_DNS_SERVER", address(1) + ":" + DNS_PORT);
        env.put("FOUNDATION_K8S_KUBECONFIG", dir.resolve("kubeconfig").toString());
        env.put("FOUNDATION_K8S_NAMESPACE", NAMESPACE);
        env.put("FOUNDATION_K8S_SELECTOR", "group=" + group);
        env.put("FOUNDATION_CONSUL_ADDRESS", consul);
        return env;
    }

    String address(int i) {
        return testnet.address(i);
    }

    private static Path jar(Path root, String module) {
        Path jar = root.resolve("itests").resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the project first (mvn -B install -DskipTests)");
        }
        return jar;
    }

    /** Starts a stand-in that prints {@code ready <url>} when it serves; returns the url. */
    private String server(Reaper reaper, String name, Path jar, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(testnet.exec("1"));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = testnet.environment(new ProcessBuilder(cmd)).redirectError(dir.resolve(name + ".log").toFile())
                .start();
        servers.add(p);
        reaper.track(p.toHandle());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> out.lines()
                .filter(line -> line.startsWith("ready ")).findFirst()
                .map(line -> line.substring("ready ".length()).strip()).orElse(null));
        try {
            String url = ready.get(60, TimeUnit.SECONDS);
            if (url == null) {
                throw new IllegalStateException(name + " stand-in exited before it was ready; see " + dir.resolve(name + ".log"));
            }
            return url;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + " stand-in not ready within 60 s; see " + dir.resolve(name + ".log"), e);
        }
    }

    private void dnsmasq(Reaper reaper, Map<String, Integer> groups) throws IOException {
        List<String> cmd = new ArrayList<>(testnet.exec("1"));
        cmd.addAll(List.of("/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=" + DNS_PORT,
                "--listen-address=" + address(1), "--bind-interfaces", "--no-resolv", "--no-hosts", "--pid-file=",
                "--user=root", "--local=/bench.test/"));
        for (Map.Entry<String, Integer> g : groups.entrySet()) {
            for (int i = 1; i <= g.getValue(); i++) {
                cmd.add("--host-record=" + g.getKey() + ".bench.test," + address(i));
            }
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/dnsmasq"))) {
            throw new IllegalStateException("/usr/sbin/dnsmasq is missing: run scripts/install-test-deps.sh");
        }
        Process p = testnet.environment(new ProcessBuilder(cmd)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        servers.add(p);
        reaper.track(p.toHandle());
    }

    /** Creates the pod of node {@code i} and marks it ready with its address, as the kubelet would. */
    private void readyPod(String group, int i) throws IOException, InterruptedException {
        String name = group + "-n" + i;
        String pods = kubernetes + "/api/v1/namespaces/" + NAMESPACE + "/pods";
        request("POST", pods, "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
                + name + "\",\"namespace\":\"" + NAMESPACE + "\",\"labels\":{\"group\":\"" + group + "\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"node\",\"image\":\"foundation\"}]},"
                + "\"status\":{\"phase\":\"Pending\"}}");
        request("PATCH", pods + "/" + name + "/status", "application/merge-patch+json", "{\"status\":{\"phase\":"
                + "\"Running\",\"podIP\":\"" + address(i) + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    }

    private void request(String method, String url, String type, String body) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(testnet.exec("1"));
        cmd.addAll(List.of("curl", "-sf", "-X", method, "-H", "Content-Type: " + type, "-d", body, url));
        Process p = testnet.environment(new ProcessBuilder(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(method + " " + url + " failed: " + out);
        }
    }

    @Override
    public void close() {
        for (Process p : servers) {
            Reaper.kill(p.toHandle());
        }
    }
}
