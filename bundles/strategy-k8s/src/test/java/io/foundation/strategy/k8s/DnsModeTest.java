package io.foundation.strategy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StaleSeedsException;
import io.foundation.settings.Overrides;

/**
 * DNS mode against a real dnsmasq on a high loopback port playing the cluster DNS: a headless service's name has
 * one A record per ready pod (scripts/install-test-deps.sh installs dnsmasq).
 */
class DnsModeTest {

    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

    @TempDir
    Path dir;

    private Process dnsmasq;

    @AfterEach
    void stop() throws InterruptedException {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor();
        }
    }

    /** Starts dnsmasq with the cluster's records; returns its port. */
    private int startDns() throws Exception {
        if (!Files.isExecutable(DNSMASQ)) {
            throw new IllegalStateException(DNSMASQ + " is missing: run scripts/install-test-deps.sh");
        }
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, """
                10.1.0.10 foundation.prod.svc.cluster.local
                10.1.0.11 foundation.prod.svc.cluster.local
                10.2.0.10 foundation.staging.svc.cluster.local
                10.3.0.10 peers.example.test
                """);
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        dnsmasq = new ProcessBuilder(DNSMASQ.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--pid-file=", "--user=root", "--addn-hosts=" + hosts, "--local=/cluster.local/",
                "--local=/example.test/")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        K8sStrategy probe = strategy(port, "foundation", "prod");
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> probe.seeds("c").size() == 2);
        return port;
    }

    private K8sStrategy strategy(int dnsPort, String service, String namespace, Object... more) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("k8s.mode", "dns", "k8s.service", service,
                "k8s.namespace", namespace, "k8s.dns.server", "127.0.0.1:" + dnsPort, "k8s.timeout", "300ms"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return new K8sStrategy(new Overrides(Map.of(), k -> null), new Environment(Map.of(), dir.resolve("none")),
                config);
    }

    @Test
    void theHeadlessServiceOfTheNamespaceGivesTheSeeds() throws Exception {
        int port = startDns();
        assertThat(strategy(port, "foundation", "prod").seeds("c"))
                .containsExactlyInAnyOrder(Seed.of("10.1.0.10"), Seed.of("10.1.0.11"));
        assertThat(strategy(port, "foundation", "staging", "k8s.port", "7800").seeds("c"))
                .containsExactly(Seed.of("10.2.0.10", 7800));
        assertThat(strategy(port, "peers.example.test", "prod").seeds("c")).containsExactly(Seed.of("10.3.0.10"));
    }

    @Test
    void aServiceThatDoesNotExistSaysSo() throws Exception {
        int port = startDns();
        assertThatThrownBy(() -> strategy(port, "missing", "prod").seeds("c"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("DNS name 'missing.prod.svc.cluster.local.' does not exist: the headless service has no "
                        + "ready pod, or k8s.service / k8s.namespace do not name it");
    }

    @Test
    void aSilentDnsKeepsTheLastGoodSeedsAndSaysSo() throws Exception {
        int port = startDns();
        K8sStrategy k8s = strategy(port, "foundation", "prod");
        assertThat(k8s.seeds("c")).hasSize(2);
        dnsmasq.destroy();
        dnsmasq.waitFor();
        assertThatThrownBy(() -> k8s.seeds("c"))
                .isInstanceOfSatisfying(StaleSeedsException.class, e -> assertThat(e.lastKnown())
                        .containsExactlyInAnyOrder(Seed.of("10.1.0.10"), Seed.of("10.1.0.11")))
                .hasMessageStartingWith("DNS query for A 'foundation.prod.svc.cluster.local.' failed: ")
                .hasMessageContaining("; seeds as of ");
    }

    @Test
    void aSilentDnsBeforeAnyAnswerIsAnError() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0)) {
            K8sStrategy k8s = strategy(silent.getLocalPort(), "foundation", "prod");
            assertThatThrownBy(() -> k8s.seeds("c")).isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("failed");
        }
    }
}
