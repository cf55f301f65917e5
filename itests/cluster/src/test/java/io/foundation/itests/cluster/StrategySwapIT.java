package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Running nodes change their discovery strategy through their configuration file: the members stay, nothing is
 * re-formed, and a node that only the new strategy can find joins.
 */
class StrategySwapIT extends ClusterTestSupport {

    private static final String STATIC_SEEDS = "127.0.0.1:7800,127.0.0.1:7801,127.0.0.1:7802";
    private static final String SRV = "_foundation._tcp.swap.test";

    @Test
    void swappingStaticForDnsKeepsTheViewAndFindsANodeOnlyDnsKnows() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("swap"));
        List<String> srv = new ArrayList<>();
        for (int port = 7800; port <= 7803; port++) {
            srv.add(SRV + ",node.swap.test," + port);
        }
        closeLater(Dnsmasq.start(host, 0, work.resolve("dns"), 10053, "swap.test", srv,
                List.of("node.swap.test,127.0.0.1")));

        List<NodeProcess> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(start(NodeProcess.node("n" + i, work).in(host, 0).config("cluster", "static")
                    .config("static.seeds", STATIC_SEEDS).config("bind.port", Integer.toString(7800 + i))
                    .config("port.range", "0")));
        }
        awaitAll(running, 3, FORMATION);
        // Only DNS lists this node: the static seeds name 7800-7802, and its own seed leads nowhere.
        NodeProcess newcomer = start(NodeProcess.node("n3", work).in(host, 0).config("cluster", "static")
                .config("static.seeds", "127.0.0.1:7899").config("bind.port", "7803").config("port.range", "0"));
        newcomer.awaitSize(1, FORMATION);
        assertNoViewChange(running, Duration.ofSeconds(4));
        List<Integer> viewsBefore = running.stream().map(n -> n.views().size()).toList();

        for (NodeProcess node : running) {
            node.writeConfig(Map.of("cluster", "dns", "dns.name", SRV, "dns.server", "127.0.0.1:10053",
                    "bind.port", portOf(node), "port.range", "0"));
        }
        for (NodeProcess node : running) {
            Awaitility.await(node + " uses dns").atMost(CHANGE).pollInterval(Duration.ofMillis(300))
                    .until(() -> node.json("foundation:strategies --json").get("active").toString()
                            .equals("[\"dns\"]"));
        }
        List<NodeProcess> all = new ArrayList<>(running);
        all.add(newcomer);
        awaitAll(all, 4, CHANGE);
        for (int i = 0; i < running.size(); i++) {
            List<ViewLine> views = running.get(i).views();
            assertThat(views.subList(viewsBefore.get(i), views.size()))
                    .as("%s: the only view change during and after the swap adds n3", running.get(i))
                    .singleElement().satisfies(v -> {
                        assertThat(v.members()).containsExactlyInAnyOrder("n0", "n1", "n2", "n3");
                        assertThat(v.merged()).isTrue();
                    });
        }
        // n3 may have joined through another node's round; n0 lists it after a round of its own.
        Awaitility.await("n0's dns round lists n3").atMost(CHANGE).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    JsonNode dns = running.get(0).json("foundation:strategies --json").get("strategies").get(0);
                    assertThat(dns.get("name").asText()).isEqualTo("dns");
                    assertThat(dns.get("seeds")).extracting(JsonNode::asText).contains("127.0.0.1:7803");
                });
    }

    @Test
    void theShellSwapsRecordsTheChoiceAndRefusesAMisconfiguredStrategy() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("swapsh"));
        NodeProcess a = start(NodeProcess.node("a", work).in(host, 0).config("cluster", "static")
                .config("static.seeds", "127.0.0.1:7801").config("bind.port", "7800").config("port.range", "0"));
        NodeProcess b = start(NodeProcess.node("b", work).in(host, 0).config("cluster", "static")
                .config("static.seeds", "127.0.0.1:7800").config("bind.port", "7801").config("port.range", "0"));
        awaitAll(List.of(a, b), 2, FORMATION);

        NodeProcess.Exec refused = a.exec("foundation:strategy-use dns");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("strategy dns: dns.name is not set").contains("still using [static]");

        NodeProcess.Exec added = a.exec("foundation:strategy-add local");
        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).contains("strategies now [static, local]");
        assertThat(java.nio.file.Files.readString(a.etc().resolve("io.foundation.cluster.cfg")))
                .contains("cluster = static,local");
        assertThat(a.exec("foundation:strategy-remove static").out()).contains("strategies now [local]");
        assertNoViewChange(List.of(a, b), Duration.ofSeconds(3));

        a.terminate();
        NodeProcess again = start(NodeProcess.node("a", work).in(host, 0));
        again.awaitSize(2, FORMATION);
        assertThat(again.json("foundation:strategies --json").get("active")).extracting(JsonNode::asText)
                .containsExactly("local");
    }

    private static String portOf(NodeProcess node) {
        return Integer.toString(7800 + Integer.parseInt(node.name().substring(1)));
    }
}
