package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every kind of bad input gets a clear log line or error, the previous good state stays in force, and the node
 * keeps serving.
 */
class BadInputIT extends ClusterTestSupport {

    private static Map<String, String> good(int port, String seeds) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("cluster", "static");
        config.put("static.seeds", seeds);
        config.put("bind.port", Integer.toString(port));
        config.put("port.range", "0");
        return config;
    }

    private NodeProcess node(TestNetwork host, String name, Map<String, String> config) throws Exception {
        NodeProcess.Builder builder = NodeProcess.node(name, work).in(host, 0);
        config.forEach(builder::config);
        NodeProcess node = start(builder);
        node.awaitView("its first view", v -> true, FORMATION);
        return node;
    }

    /** The node answers a shell command, still has its view and still listens where it did. */
    private static void assertServing(NodeProcess node, int members, int port) {
        JsonNode status = node.json("foundation:status --json");
        assertThat(status.get("view").get("size").asInt()).isEqualTo(members);
        assertThat(status.get("address").asText()).endsWith(":" + port);
    }

    @Test
    void anUnknownClusterValueIsRefusedAndTheStrategiesStay() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("badcl"));
        NodeProcess a = node(host, "a", good(7800, "127.0.0.1:7899"));
        Map<String, String> bad = good(7800, "127.0.0.1:7899");
        bad.put("cluster", "static,etdc");
        a.writeConfig(bad);

        a.awaitLog("ERROR .*cluster=static,etdc \\(configuration\\) refused: unknown strategy \\[etdc\\]; available: "
                + "\\[.*\\]; still using \\[static\\]", CHANGE);
        JsonNode strategies = a.json("foundation:strategies --json");
        assertThat(strategies.get("active")).extracting(JsonNode::asText).containsExactly("static");
        assertThat(strategies.get("rejected").asText()).contains("etdc");
        assertThat(a.json("foundation:status --json").get("problem").asText()).contains("unknown strategy");
        assertServing(a, 1, 7800);
    }

    @Test
    void aBadPortAndABadSeedListAreRefusedAndThePreviousValuesKept() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("badport"));
        NodeProcess a = node(host, "a", good(7800, "127.0.0.1:7899"));
        Map<String, String> bad = good(7800, "127.0.0.1:7898,10.0.0.1:http");
        bad.put("bind.port", "78OO");
        a.writeConfig(bad);

        a.awaitLog("ERROR .*bind.port=78OO is not a whole number; keeping 7800", CHANGE);
        a.awaitLog("ERROR .*static.seeds refused \\(configuration\\): bad port in seed '10.0.0.1:http'; keeping "
                + "\\[127.0.0.1:7899\\]", CHANGE);
        assertServing(a, 1, 7800);
        Awaitility.await().atMost(CHANGE).until(() -> staticSeeds(a).equals(List.of("127.0.0.1:7899")));
    }

    @Test
    void anInvalidOrUnreadableJGroupsStackIsRefusedAndTheTransportKeepsRunning() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("badxml"));
        NodeProcess a = node(host, "a", good(7800, "127.0.0.1:7801"));
        NodeProcess b = node(host, "b", good(7801, "127.0.0.1:7800"));
        awaitAll(List.of(a, b), 2, FORMATION);
        int views = a.views().size();

        Path garbage = work.resolve("stack.xml");
        Files.writeString(garbage, "<config><TCP bind_port=\"not a port\"/><UNCLOSED></config>");
        Map<String, String> invalid = good(7800, "127.0.0.1:7801");
        invalid.put("jgroups.config", garbage.toString());
        a.writeConfig(invalid);
        a.awaitLog("ERROR .*Configuration io.foundation.cluster refused: jgroups.config " + garbage
                + " is not a usable JGroups stack", CHANGE);

        Map<String, String> missing = good(7800, "127.0.0.1:7801");
        missing.put("jgroups.config", work.resolve("no-such-stack.xml").toString());
        a.writeConfig(missing);
        a.awaitLog("ERROR .*jgroups.config=.*no-such-stack.xml is not a readable file", CHANGE);

        assertServing(a, 2, 7800);
        assertThat(a.views()).hasSize(views);
        assertThat(a.logLines()).noneMatch(l -> l.contains("Restarting the cluster transport"));
    }

    @Test
    void aDnsNameThatDoesNotResolveIsReportedAndTheMembersStay() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("baddns"));
        closeLater(Dnsmasq.start(host, 0, work.resolve("dns"), 10053, "bad.test", List.of(), List.of()));
        NodeProcess a = node(host, "a", good(7800, "127.0.0.1:7801"));
        NodeProcess b = node(host, "b", good(7801, "127.0.0.1:7800"));
        awaitAll(List.of(a, b), 2, FORMATION);

        for (NodeProcess n : List.of(a, b)) {
            Map<String, String> dns = good(n == a ? 7800 : 7801, "");
            dns.put("cluster", "dns");
            dns.put("dns.name", "nowhere.bad.test");
            dns.put("dns.server", "127.0.0.1:10053");
            n.writeConfig(dns);
        }
        a.awaitLog("WARN .*Strategy 'dns' skipped this round: UnknownHostException: DNS name 'nowhere.bad.test.' "
                + "does not exist", CHANGE);
        assertNoViewChange(List.of(a, b), Duration.ofSeconds(4));
        assertServing(a, 2, 7800);
    }

    @Test
    void strategiesThatThrowOrHangAreSkippedWhileTheOthersWork() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("badstr"));
        NodeProcess a = node(host, "a", good(7800, "127.0.0.1:7899"));
        Path bundles = work.resolve("bundles");
        TestBundles.deploy(TestBundles.strategy(bundles, "thrower",
                "throw new java.io.IOException(\"registry unreachable\");"), a.deploy());
        TestBundles.deploy(TestBundles.strategy(bundles, "hanger",
                "new java.util.concurrent.CountDownLatch(1).await(); return List.of();"), a.deploy());
        a.awaitLog("Strategy 'thrower' available", CHANGE);
        a.awaitLog("Strategy 'hanger' available", CHANGE);

        Map<String, String> config = good(7800, "127.0.0.1:7801");
        config.put("cluster", "thrower,hanger,static");
        a.writeConfig(config);
        NodeProcess b = node(host, "b", good(7801, "127.0.0.1:7899"));
        awaitAll(List.of(a, b), 2, CHANGE);

        a.awaitLog("WARN .*Strategy 'thrower' skipped this round: IOException: registry unreachable", CHANGE);
        a.awaitLog("WARN .*Strategy 'hanger' skipped this round: no answer within 1000ms \\(strategy.timeout\\)",
                CHANGE);
        assertServing(a, 2, 7800);
    }

    @Test
    void aCorruptJarAndAFailingActivatorAreReportedAndChangeNothingElse() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("badjar"));
        NodeProcess a = node(host, "a", good(7800, "127.0.0.1:7899"));
        Path bundles = work.resolve("bundles");
        Files.createDirectories(bundles);
        TestBundles.deploy(TestBundles.corrupt(bundles), a.deploy());
        TestBundles.deploy(TestBundles.failingActivator(bundles, "activator refuses to start"), a.deploy());

        a.awaitLog("ERROR .*corrupt.jar is not an OSGi bundle and was not installed: it cannot be read as a jar",
                CHANGE);
        a.awaitLog("WARN .*Error while starting bundle: .*fixture.failing.jar", CHANGE);
        assertThat(String.join("\n", a.logLines())).contains("activator refuses to start");
        assertServing(a, 1, 7800);
        assertThat(a.json("foundation:strategies --json").get("active")).extracting(JsonNode::asText)
                .containsExactly("static");
    }

    @Test
    void randomBytesOnEveryPortAreIgnored() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("badbytes"));
        NodeProcess a = start(NodeProcess.node("a", work).in(host, 0));
        NodeProcess b = start(NodeProcess.node("b", work).in(host, 0));
        awaitAll(List.of(a, b), 2, FORMATION);
        int transport = Integer.parseInt(a.json("foundation:status --json").get("address").asText()
                .replaceAll(".*:", ""));
        String exec = Files.readString(a.data().resolve("exec.port")).strip();

        for (String target : List.of("tcp/127.0.0.1/" + transport, "tcp/127.0.0.1/" + (transport + 100),
                "tcp/127.0.0.1/" + exec, "udp/239.255.77.77/45700")) {
            garbage(host, target);
        }
        a.awaitLog("WARN .*Ignoring datagram from \\S+ on 239.255.77.77:45700", CHANGE);
        a.awaitLog("WARN .*exec: bad request from", CHANGE);
        assertNoViewChange(List.of(a, b), Duration.ofSeconds(3));
        assertServing(a, 2, transport);
    }

    @Test
    void aWrongExecTokenIsRefused() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("badtok"));
        NodeProcess a = node(host, "a", good(7800, "127.0.0.1:7899"));
        Path impostor = work.resolve("impostor");
        Files.createDirectories(impostor);
        Files.copy(a.data().resolve("exec.port"), impostor.resolve("exec.port"));
        Files.writeString(impostor.resolve("exec.token"), "0".repeat(64));

        NodeProcess.Exec refused = a.execWith(List.of("exec", "--data", impostor.toString(), "foundation:status"));

        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("refused: wrong token");
        a.awaitLog("WARN .*exec: refused a request from .*: wrong token", CHANGE);
        assertServing(a, 1, 7800);
        NodeProcess.Exec nobody = a.execWith(List.of("exec", "--data", work.resolve("empty").toString(),
                "foundation:status"));
        assertThat(nobody.status()).isEqualTo(3);
        assertThat(nobody.err()).contains("no running node uses");
    }

    private static List<String> staticSeeds(NodeProcess node) {
        for (JsonNode s : node.json("foundation:strategies --json").get("strategies")) {
            if (s.get("name").asText().equals("static")) {
                return java.util.stream.StreamSupport.stream(s.get("seeds").spliterator(), false)
                        .map(JsonNode::asText).toList();
            }
        }
        return List.of();
    }

    /** 64 KiB of random bytes to {@code tcp/host/port} or {@code udp/host/port}, sent from inside the network. */
    private static void garbage(TestNetwork host, String target) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(host.inside(0));
        cmd.addAll(List.of("bash", "-c", "head -c 65536 /dev/urandom > /dev/" + target
                + " 2>/dev/null; for i in $(seq 20); do head -c 400 /dev/urandom > /dev/" + target
                + " 2>/dev/null; done; true"));
        Process p = new ProcessBuilder(cmd).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("sending garbage to " + target).isTrue();
    }
}
