package com.example.strategy.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;

/**
 * The strategy against a real etcd server started on loopback; what it wrote is checked with {@code etcdctl}. Each
 * test uses a cluster name of its own, so tests share one server without seeing each other's keys.
 */
class EtcdStrategyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static EtcdServer etcd;

    private final List<EtcdStrategy> strategies = new ArrayList<>();
    private String cluster;

    @BeforeAll
    static void startEtcd() throws IOException {
        etcd = EtcdServer.start(work.resolve("shared"));
    }

    @AfterAll
    static void stopEtcd() throws IOException {
        if (etcd != null) {
            etcd.stop();
        }
    }

    @BeforeEach
    void nameCluster(TestInfo test) {
        cluster = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void deactivate() {
        strategies.forEach(EtcdStrategy::deactivate);
        strategies.clear();
    }

    @Test
    void advertisePutsTheNodesAddressUnderALease() throws Exception {
        EtcdStrategy a = strategy(Map.of());

        a.advertise(cluster, member("a", 7800));

        Map<String, JsonNode> entries = entries("/foundation/" + cluster + "/");
        assertThat(entries).containsOnlyKeys("/foundation/" + cluster + "/id-a");
        JsonNode entry = entries.get("/foundation/" + cluster + "/id-a");
        assertThat(value(entry)).isEqualTo("127.0.0.1:7800");
        JsonNode lease = leaseOf(entry);
        assertThat(lease.get("granted-ttl").asLong()).isEqualTo(10);
        assertThat(lease.get("ttl").asLong()).isBetween(1L, 10L);
    }

    @Test
    void advertiseAgainBeforeRenewalIsDueWritesNothing() throws Exception {
        EtcdStrategy a = strategy(Map.of());
        a.advertise(cluster, member("a", 7800));
        JsonNode first = entries("/foundation/" + cluster + "/").get("/foundation/" + cluster + "/id-a");

        for (int round = 0; round < 5; round++) {
            a.advertise(cluster, member("a", 7800));
        }

        JsonNode after = entries("/foundation/" + cluster + "/").get("/foundation/" + cluster + "/id-a");
        assertThat(after.get("mod_revision")).isEqualTo(first.get("mod_revision"));
        assertThat(after.get("lease")).isEqualTo(first.get("lease"));
    }

    @Test
    void twoNodesSeeEachOtherButNotThemselves() throws Exception {
        EtcdStrategy a = strategy(Map.of());
        EtcdStrategy b = strategy(Map.of());
        a.advertise(cluster, member("a", 7800));
        b.advertise(cluster, member("b", 7801));

        assertThat(a.seeds(cluster)).containsExactly(Seed.of("127.0.0.1", 7801));
        assertThat(b.seeds(cluster)).containsExactly(Seed.of("127.0.0.1", 7800));
        assertThat(a.seeds("another" + cluster)).isEmpty();
    }

    @Test
    void withdrawRevokesTheLeaseSoTheKeyIsGone() throws Exception {
        EtcdStrategy a = strategy(Map.of());
        EtcdStrategy b = strategy(Map.of());
        a.advertise(cluster, member("a", 7800));
        b.advertise(cluster, member("b", 7801));
        JsonNode lease = leaseOf(entries("/foundation/" + cluster + "/").get("/foundation/" + cluster + "/id-a"));

        a.withdraw(cluster, member("a", 7800));

        assertThat(entries("/foundation/" + cluster + "/")).containsOnlyKeys("/foundation/" + cluster + "/id-b");
        assertThat(timeToLive(lease.get("id").asLong()).get("ttl").asLong()).isEqualTo(-1);
        assertThat(b.seeds(cluster)).isEmpty();
    }

    @Test
    void deactivationWithdrawsTheNode() throws Exception {
        EtcdStrategy a = strategy(Map.of());
        a.advertise(cluster, member("a", 7800));

        a.deactivate();

        assertThat(entries("/foundation/" + cluster + "/")).isEmpty();
    }

    @Test
    void renewalsKeepTheKeyAndWhenTheyStopTheLeaseExpires() throws Exception {
        EtcdStrategy a = strategy(Map.of("lease.ttl", "3s"));
        EtcdStrategy b = strategy(Map.of());
        Member self = member("a", 7800);
        a.advertise(cluster, self);
        long firstLease = leaseOf(entries("/foundation/" + cluster + "/").get("/foundation/" + cluster + "/id-a"))
                .get("id").asLong();

        // Advertised about as often as a node does, the key outlives its 3 s lease twice over.
        Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(9))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    a.advertise(cluster, self);
                    return b.seeds(cluster).equals(List.of(Seed.of("127.0.0.1", 7800)));
                });

        // No more renewals, as when the node dies: etcd drops the key once the lease runs out.
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> b.seeds(cluster).isEmpty());

        a.advertise(cluster, self);
        JsonNode back = entries("/foundation/" + cluster + "/").get("/foundation/" + cluster + "/id-a");
        assertThat(value(back)).isEqualTo("127.0.0.1:7800");
        assertThat(leaseOf(back).get("id").asLong()).isNotEqualTo(firstLease);
    }

    @Test
    void whileEtcdIsDownTheErrorIsReportedAndTheLastGoodSeedsKept(@TempDir Path own) throws Exception {
        try (EtcdServer server = EtcdServer.start(own)) {
            EtcdStrategy a = strategy(Map.of("endpoints", server.endpoint()));
            EtcdStrategy b = strategy(Map.of("endpoints", server.endpoint()));
            EtcdStrategy latecomer = strategy(Map.of("endpoints", server.endpoint()));
            Member self = member("a", 7800);
            a.advertise(cluster, self);
            b.advertise(cluster, member("b", 7801));
            assertThat(a.seeds(cluster)).containsExactly(Seed.of("127.0.0.1", 7801));

            server.stop();

            assertThat(a.seeds(cluster)).containsExactly(Seed.of("127.0.0.1", 7801));
            assertThatThrownBy(() -> a.advertise(cluster, self))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no etcd endpoint answered: " + server.endpoint() + " (connection refused)")
                    .hasMessageContaining("seeds are the 1 peer(s) read at");
            assertThatThrownBy(() -> latecomer.seeds(cluster))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot read peers from etcd: no etcd endpoint answered: "
                            + server.endpoint());

            server.restart();

            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .untilAsserted(() -> a.advertise(cluster, self));
            assertThat(a.seeds(cluster)).containsExactly(Seed.of("127.0.0.1", 7801));
            assertThat(latecomer.seeds(cluster))
                    .containsExactlyInAnyOrder(Seed.of("127.0.0.1", 7800), Seed.of("127.0.0.1", 7801));
            deactivate();
        }
    }

    @Test
    void entriesThatAreNotANodesAddressAreIgnored() throws Exception {
        String prefix = "/foundation/" + cluster + "/";
        etcd.ctl("put", prefix + "junk", "not an address");
        etcd.ctl("put", prefix + "host-only", "10.0.0.9");
        etcd.ctl("put", prefix + "port-too-big", "10.0.0.9:70000");
        etcd.ctl("put", prefix + "nested/key", "10.0.0.8:7800");
        etcd.ctl("put", prefix + "written-by-hand", "10.1.2.3:7801");
        etcd.ctl("put", "/foundation/" + cluster + "-other/x", "10.0.0.7:7800");
        EtcdStrategy a = strategy(Map.of());
        EtcdStrategy b = strategy(Map.of());
        b.advertise(cluster, member("b", 7802));

        assertThat(a.seeds(cluster))
                .containsExactlyInAnyOrder(Seed.of("127.0.0.1", 7802), Seed.of("10.1.2.3", 7801));
    }

    @Test
    void onlyHostAndPortWrittenAsUtf8IsAnAddress() {
        assertThat(EtcdStrategy.addressIn(bytes("10.0.0.1:7800"))).contains(Seed.of("10.0.0.1", 7800));
        assertThat(EtcdStrategy.addressIn(bytes("[fd00::1]:7800"))).contains(Seed.of("fd00::1", 7800));
        assertThat(EtcdStrategy.addressIn(bytes("node-3.example.com:7800")))
                .contains(Seed.of("node-3.example.com", 7800));
        assertThat(EtcdStrategy.addressIn(bytes("10.0.0.1"))).isEmpty();
        assertThat(EtcdStrategy.addressIn(bytes("10.0.0.1:0"))).isEmpty();
        assertThat(EtcdStrategy.addressIn(bytes("a host:7800"))).isEmpty();
        assertThat(EtcdStrategy.addressIn(bytes("{\"host\":\"10.0.0.1\"}"))).isEmpty();
        assertThat(EtcdStrategy.addressIn(new byte[] {(byte) 0xff, (byte) 0xfe, ':', '1'})).isEmpty();
        assertThat(EtcdStrategy.addressIn(new byte[0])).isEmpty();
    }

    @Test
    void aKeyDeletedBehindTheNodesBackComesBack() throws Exception {
        EtcdStrategy a = strategy(Map.of());
        Member self = member("a", 7800);
        a.advertise(cluster, self);
        String key = "/foundation/" + cluster + "/id-a";
        long lease = leaseOf(entries("/foundation/" + cluster + "/").get(key)).get("id").asLong();

        etcd.ctl("del", key);
        a.seeds(cluster);
        a.advertise(cluster, self);

        JsonNode back = entries("/foundation/" + cluster + "/").get(key);
        assertThat(value(back)).isEqualTo("127.0.0.1:7800");
        assertThat(leaseOf(back).get("id").asLong()).isEqualTo(lease);
    }

    @Test
    void anotherClusterNameMovesTheKey() throws Exception {
        EtcdStrategy a = strategy(Map.of());
        a.advertise(cluster, member("a", 7800));

        a.advertise(cluster + "2", member("a", 7800));

        assertThat(entries("/foundation/" + cluster + "/")).isEmpty();
        assertThat(entries("/foundation/" + cluster + "2/")).containsOnlyKeys("/foundation/" + cluster + "2/id-a");
    }

    @Test
    void endpointsAreTriedInOrderUntilOneAnswers() throws Exception {
        EtcdStrategy a = strategy(Map.of("endpoints", "http://127.0.0.1:" + closedPort() + "," + etcd.endpoint()));
        EtcdStrategy b = strategy(Map.of());
        b.advertise(cluster, member("b", 7801));

        a.advertise(cluster, member("a", 7800));

        assertThat(a.seeds(cluster)).containsExactly(Seed.of("127.0.0.1", 7801));
        assertThat(b.seeds(cluster)).containsExactly(Seed.of("127.0.0.1", 7800));
    }

    @Test
    void aServerThatIsNotEtcdIsNamed() throws Exception {
        HttpServer notEtcd = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        notEtcd.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        notEtcd.start();
        try {
            String endpoint = "http://127.0.0.1:" + notEtcd.getAddress().getPort();
            EtcdStrategy a = strategy(Map.of("endpoints", endpoint));

            assertThatThrownBy(() -> a.seeds(cluster)).isInstanceOf(IOException.class)
                    .hasMessage("cannot read peers from etcd: no etcd endpoint answered: " + endpoint
                            + " (not etcd: GET /version answered HTTP 404)");
        } finally {
            notEtcd.stop(0);
        }
    }

    @Test
    void aBadEndpointIsAConfigurationProblemAndNothingIsAsked() {
        EtcdStrategy a = strategy(Map.of("endpoints", "127.0.0.1:2379"));

        assertThat(a.configurationProblem()).contains("endpoints=127.0.0.1:2379 (configuration "
                + "com.example.strategy.etcd): '127.0.0.1:2379' must start with http:// or https:// (an etcd client "
                + "URL such as http://127.0.0.1:2379)");
        assertThatThrownBy(() -> a.seeds(cluster)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must start with http:// or https://");
        assertThatThrownBy(() -> a.advertise(cluster, member("a", 7800))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must start with http:// or https://");
    }

    @Test
    void aRefusedChangeKeepsTheSettingsInForceAndAGoodOneMovesTheNode() throws Exception {
        EtcdStrategy a = strategy(Map.of());
        Member self = member("a", 7800);
        a.advertise(cluster, self);

        a.modified(Map.of("endpoints", etcd.endpoint(), "request.timeout", "5s", "lease.ttl", "1500ms"));

        assertThat(a.configurationProblem()).get(STRING)
                .contains("lease.ttl=1500ms").contains("between 2s and 60m");
        a.advertise(cluster, self);
        assertThat(entries("/foundation/" + cluster + "/")).containsOnlyKeys("/foundation/" + cluster + "/id-a");

        a.modified(Map.of("endpoints", etcd.endpoint(), "request.timeout", "5s", "prefix", "/elsewhere/"));
        assertThat(a.configurationProblem()).isEmpty();
        assertThat(entries("/foundation/" + cluster + "/")).isEmpty();
        a.advertise(cluster, self);
        assertThat(entries("/elsewhere/" + cluster + "/")).containsOnlyKeys("/elsewhere/" + cluster + "/id-a");
    }

    @Test
    void theEnvironmentOverridesTheFileAndMakesAutoChooseEtcd() throws Exception {
        Map<String, Object> file = Map.of("endpoints", "http://127.0.0.1:" + closedPort(), "request.timeout", "5s");
        EtcdStrategy a = track(new EtcdStrategy(file, Map.of("FOUNDATION_ETCD_ENDPOINTS", etcd.endpoint())));
        EtcdStrategy b = strategy(Map.of());
        b.advertise(cluster, member("b", 7801));

        assertThat(a.seeds(cluster)).containsExactly(Seed.of("127.0.0.1", 7801));
        assertThat(a.detect()).contains("FOUNDATION_ETCD_ENDPOINTS is set");
        assertThat(b.detect()).isEmpty();
    }

    /**
     * A strategy on the shared server, unless {@code settings} say otherwise. Requests may take long: etcd syncs
     * every write to disk, which on a busy test machine can take longer than the 300 ms a node allows by default.
     */
    private EtcdStrategy strategy(Map<String, Object> settings) {
        Map<String, Object> configuration = new HashMap<>(settings);
        configuration.putIfAbsent("endpoints", etcd.endpoint());
        configuration.putIfAbsent("request.timeout", "5s");
        return track(new EtcdStrategy(configuration, Map.of()));
    }

    private EtcdStrategy track(EtcdStrategy strategy) {
        strategies.add(strategy);
        return strategy;
    }

    private static Member member(String name, int port) {
        return new Member("id-" + name, name, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Map.of(),
                0);
    }

    /** What etcd holds under {@code prefix}, by key, as etcdctl prints it. */
    private static Map<String, JsonNode> entries(String prefix) throws IOException {
        JsonNode answer = JSON.readTree(etcd.ctl("get", "--prefix", prefix, "-w", "json"));
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (JsonNode kv : answer.path("kvs")) {
            entries.put(new String(Base64.getDecoder().decode(kv.get("key").asText()), StandardCharsets.UTF_8), kv);
        }
        return entries;
    }

    private static String value(JsonNode entry) {
        return new String(Base64.getDecoder().decode(entry.get("value").asText()), StandardCharsets.UTF_8);
    }

    private static JsonNode leaseOf(JsonNode entry) throws IOException {
        assertThat(entry.path("lease").asLong()).as("lease of %s", entry).isNotZero();
        return timeToLive(entry.get("lease").asLong());
    }

    private static JsonNode timeToLive(long lease) throws IOException {
        return JSON.readTree(etcd.ctl("lease", "timetolive", Long.toHexString(lease), "-w", "json"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A loopback port nobody listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
