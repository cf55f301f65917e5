package io.foundation.core.internal.strategy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foundation.api.cluster.Seed;
import io.foundation.settings.Overrides;

/** Against a real dnsmasq started on a high loopback port (scripts/install-test-deps.sh installs it). */
class DnsStrategyTest {

    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
    private static Process dnsmasq;
    private static int port;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        if (!Files.isExecutable(DNSMASQ)) {
            throw new IllegalStateException(DNSMASQ + " is missing: run scripts/install-test-deps.sh");
        }
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, """
                127.0.0.11 peers.foundation.test
                127.0.0.12 peers.foundation.test
                127.0.0.21 n1.foundation.test
                127.0.0.22 n2.foundation.test
                """);
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        dnsmasq = new ProcessBuilder(DNSMASQ.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--pid-file=", "--user=root", "--addn-hosts=" + hosts, "--local=/foundation.test/",
                "--srv-host=_foundation._tcp.foundation.test,n1.foundation.test,7801",
                "--srv-host=_foundation._tcp.foundation.test,n2.foundation.test,7802")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        DnsStrategy probe = strategy(Map.of("dns.name", "peers.foundation.test"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> probe.seeds("c").size() == 2);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor();
        }
    }

    private static DnsStrategy strategy(Map<String, Object> config) {
        Map<String, Object> withServer = new java.util.HashMap<>(config);
        withServer.putIfAbsent("dns.server", "127.0.0.1:" + port);
        return new DnsStrategy(new Overrides(Map.of(), k -> null), withServer);
    }

    @Test
    void addressRecordsAreSeedsOnThePortRange() throws Exception {
        assertThat(strategy(Map.of("dns.name", "peers.foundation.test")).seeds("c"))
                .containsExactlyInAnyOrder(Seed.of("127.0.0.11"), Seed.of("127.0.0.12"));
    }

    @Test
    void srvRecordsGiveHostsAndPorts() throws Exception {
        assertThat(strategy(Map.of("dns.name", "_foundation._tcp.foundation.test")).seeds("c"))
                .containsExactlyInAnyOrder(Seed.of("127.0.0.21", 7801), Seed.of("127.0.0.22", 7802));
    }

    @Test
    void aNameThatDoesNotResolveSaysSo() {
        assertThatThrownBy(() -> strategy(Map.of("dns.name", "missing.foundation.test")).seeds("c"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("'missing.foundation.test.' does not exist");
    }

    @Test
    void anUnansweringServerTimesOutWithAnError() throws IOException {
        int silent;
        try (DatagramSocket s = new DatagramSocket(0)) {
            silent = s.getLocalPort();
            DnsStrategy strategy = strategy(Map.of("dns.name", "peers.foundation.test",
                    "dns.server", "127.0.0.1:" + silent, "dns.timeout", "200ms"));
            assertThatThrownBy(() -> strategy.seeds("c")).isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("failed");
        }
    }

    @Test
    void missingSettingsAreExplained() {
        assertThatThrownBy(() -> strategy(Map.of()).seeds("c")).hasMessageContaining("dns.name is not set");
        assertThatThrownBy(() -> strategy(Map.of("dns.name", "x", "dns.server", "127.0.0.1:notaport")).seeds("c"))
                .hasMessageContaining("dns.server=127.0.0.1:notaport is unusable");
    }
}
