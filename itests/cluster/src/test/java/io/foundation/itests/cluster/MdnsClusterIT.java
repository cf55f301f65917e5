package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code cluster=mdns}: real nodes in separate namespaces of the test network, the mdns bundle in each, finding each
 * other by multicast DNS over the bridge and nowhere else.
 */
class MdnsClusterIT extends ClusterTestSupport {

    /** A goodbye sets a record's TTL to 1 s and JmDNS drops expired records every 10 s; the TTL itself is an hour. */
    private static final Duration GOODBYE = Duration.ofSeconds(30);

    @Test
    void nodesOfOneClusterFormOneViewANodeOfAnotherClusterStaysAloneAndAStoppedNodeWithdraws() throws Exception {
        TestNetwork lan = closeLater(TestNetwork.bridged("mdnsnode", 30, 4));
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start(NodeProcess.node("n" + i, work).in(lan, i).config("cluster", "mdns")));
        }
        NodeProcess stranger = start(NodeProcess.node("stranger", work).in(lan, 4).config("cluster", "mdns")
                .config("cluster.name", "elsewhere"));
        for (NodeProcess node : nodes) {
            MdnsBundle.provideTo(node);
        }
        MdnsBundle.provideTo(stranger);

        // Three single-node views merge; JGroups may take more than one merge to agree, so wait for agreement.
        Awaitility.await("n1, n2 and n3 agree on one view of the three").atMost(FORMATION)
                .pollInterval(Duration.ofMillis(200)).until(() -> agreeOnAllThree(nodes));
        NodeProcess n1 = nodes.get(0);
        assertThat(n1.exec("lb -s").out()).containsPattern("\\|Active +\\|.*\\|io\\.foundation\\.strategy\\.mdns ");
        Awaitility.await("n1 finds n2 and n3 by mDNS, never itself or the stranger").atMost(CHANGE)
                .pollInterval(Duration.ofMillis(500)).until(() -> MdnsBundle.seeds(n1)
                        .equals(List.of(lan.address(2) + ":7800", lan.address(3) + ":7800")));

        // The stranger hears the others and they hear it, but nobody takes the other cluster's nodes as seeds.
        n1.awaitLog("Ignoring mDNS service 'stranger \\[[0-9a-f]{8}\\]\\._foundation\\._tcp\\.local\\.' .*"
                + "belongs to cluster 'elsewhere', not 'foundation'", CHANGE);
        stranger.awaitLog("Ignoring mDNS service 'n1 \\[[0-9a-f]{8}\\]\\._foundation\\._tcp\\.local\\.' .*"
                + "belongs to cluster 'foundation', not 'elsewhere'", CHANGE);
        JsonNode mdns = MdnsBundle.strategy(stranger, "mdns");
        assertThat(mdns.get("active").asBoolean()).isTrue();
        assertThat(mdns.get("available").asBoolean()).isTrue();
        assertThat(mdns.get("lastError").isNull()).as("last error: %s", mdns.get("lastError")).isTrue();
        assertThat(mdns.get("seeds")).isEmpty();
        assertThat(stranger.views()).allMatch(v -> v.members().equals(List.of("stranger")));

        nodes.get(2).terminate();
        nodes.get(2).awaitLog("mDNS: withdrawing the advertisement on " + lan.address(3).replace(".", "\\."),
                CHANGE);
        n1.awaitSize(2, CHANGE);
        Awaitility.await("n1 drops n3's seed on its goodbye").atMost(GOODBYE).pollInterval(Duration.ofMillis(500))
                .until(() -> MdnsBundle.seeds(n1).equals(List.of(lan.address(2) + ":7800")));
    }

    private static boolean agreeOnAllThree(List<NodeProcess> nodes) {
        List<Optional<ViewLine>> views = nodes.stream().map(NodeProcess::lastView).toList();
        return views.stream().allMatch(v -> v.isPresent() && v.get().id() == views.get(0).get().id()
                && Set.copyOf(v.get().members()).equals(Set.of("n1", "n2", "n3")));
    }
}
