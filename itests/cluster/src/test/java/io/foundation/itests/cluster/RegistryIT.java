package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The embedded registry between real nodes: an entry registered on one node is visible on the others and on a
 * node that joins later, and goes when its owner is killed.
 */
class RegistryIT extends ClusterTestSupport {

    @Test
    void entriesReachEveryNodeAndGoWithTheirOwner() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("reg"));
        List<NodeProcess> nodes = new ArrayList<>();
        for (String name : List.of("n1", "n2", "n3")) {
            nodes.add(start(NodeProcess.node(name, work).in(host, 0).config("cluster", "local")));
        }
        awaitAll(nodes, 3, FORMATION);
        NodeProcess n1 = nodes.get(0);

        JsonNode made = n1.json("foundation:registry register orders --capability http --meta zone=a --meta load=3 "
                + "--endpoint http://n1:8080 --json");
        String id = made.get("id").asText();
        for (NodeProcess n : nodes) {
            awaitIds(n, "foundation:registry lookup orders --json", List.of(id));
            assertThat(ids(n.json("foundation:registry discover --capability http --filter '(&(zone=a)(load<=5))' "
                    + "--json"))).containsExactly(id);
            assertThat(ids(n.json("foundation:registry discover --filter '(!(load<=5))' --json"))).isEmpty();
            assertThat(n.json("foundation:registry store --json").get("store").asText()).isEqualTo("embedded");
        }
        NodeProcess.Exec bad = nodes.get(1).exec("foundation:registry discover --filter '(zone=a' --json");
        assertThat(bad.status()).isNotZero();
        assertThat(bad.out() + bad.err()).contains("invalid filter").doesNotContain("\tat ");

        NodeProcess n4 = start(NodeProcess.node("n4", work).in(host, 0).config("cluster", "local"));
        nodes.add(n4);
        awaitAll(nodes, 4, FORMATION);
        awaitIds(n4, "foundation:registry lookup orders --json", List.of(id));

        String second = n4.json("foundation:registry register orders --json").get("id").asText();
        awaitIds(nodes.get(2), "foundation:registry lookup orders --json", List.of(id, second));

        n1.kill9();
        for (NodeProcess survivor : nodes.subList(1, 4)) {
            survivor.awaitSize(3, CHANGE);
            awaitIds(survivor, "foundation:registry lookup orders --json", List.of(second));
        }
    }

    private static void awaitIds(NodeProcess node, String command, List<String> expected) {
        Awaitility.await(node.name() + ": " + command + " lists " + expected).atMost(CHANGE)
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> ids(node.json(command)).equals(expected));
    }

    private static List<String> ids(JsonNode entries) {
        List<String> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }
}
