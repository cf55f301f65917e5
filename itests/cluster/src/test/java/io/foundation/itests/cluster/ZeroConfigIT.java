package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** No configuration at all: nodes on one host, and on one LAN, find each other. */
class ZeroConfigIT extends ClusterTestSupport {

    @Test
    void threeNodesOnOneHostFormAClusterWithNothingConfigured() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("zcauto"));
        List<NodeProcess> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(start(NodeProcess.node(name, work).in(host, 0)));
        }
        awaitAll(nodes, 3, FORMATION);

        // The distribution ships the mdns bundle, so auto adds it to the host and LAN strategies once that bundle
        // has started, which can be after the view formed.
        Awaitility.await("auto adds mdns").atMost(CHANGE).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(nodes.get(0).json("foundation:strategies --json").get("active"))
                        .extracting(JsonNode::asText).containsExactly("local", "multicast", "mdns"));
        JsonNode view = nodes.get(1).json("foundation:view --json");
        assertThat(view.get("members")).extracting(m -> m.get("name").asText())
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    /**
     * Linux delivers multicast between processes of one host whatever the routes say, so "multicast is
     * unavailable" is shown by leaving it out: the local strategy alone, with no address configured.
     */
    @Test
    void nodesOnOneHostFindEachOtherWithoutMulticast() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("zclocal"));
        NodeProcess a = start(NodeProcess.node("a", work).in(host, 0).config("cluster", "local"));
        NodeProcess b = start(NodeProcess.node("b", work).in(host, 0).config("cluster", "local"));
        awaitAll(List.of(a, b), 2, FORMATION);

        String other = null;
        for (JsonNode member : a.json("foundation:members --json")) {
            if (!member.get("local").asBoolean()) {
                other = member.get("address").asText();
            }
        }
        JsonNode strategies = a.json("foundation:strategies --json");
        assertThat(strategies.get("active")).extracting(JsonNode::asText).containsExactly("local");
        // The view may have formed from b's side before a's own round saw b's file: a's next rounds will.
        String peer = other;
        Awaitility.await("a's local strategy lists b").atMost(CHANGE).pollInterval(Duration.ofMillis(300))
                .until(() -> find(a.json("foundation:strategies --json"), "local").get("seeds").toString()
                        .equals("[\"" + peer + "\"]"));
    }

    @Test
    void nodesOnOneLanFindEachOtherByMulticast() throws Exception {
        TestNetwork lan = closeLater(TestNetwork.bridged("zclan", 10, 3));
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start(NodeProcess.node("n" + i, work).in(lan, i).config("cluster", "multicast")));
        }
        awaitAll(nodes, 3, FORMATION);
        JsonNode members = nodes.get(2).json("foundation:members --json");
        assertThat(members).extracting(m -> m.get("address").asText())
                .containsExactlyInAnyOrder(lan.address(1) + ":7800", lan.address(2) + ":7800",
                        lan.address(3) + ":7800");
    }

    private static JsonNode find(JsonNode strategies, String name) {
        for (JsonNode s : strategies.get("strategies")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no strategy " + name + " in " + strategies);
    }
}
