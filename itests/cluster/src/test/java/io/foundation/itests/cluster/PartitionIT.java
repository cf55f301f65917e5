package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A real network partition between namespaces, and its healing. */
class PartitionIT extends ClusterTestSupport {

    @Test
    void theSidesOfAPartitionFormTheirOwnViewsAndMergeWhenItHeals() throws Exception {
        TestNetwork lan = closeLater(TestNetwork.bridged("part", 20, 3));
        String seeds = lan.address(1) + ":7800," + lan.address(2) + ":7800," + lan.address(3) + ":7800";
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start(NodeProcess.node("n" + i, work).in(lan, i).config("cluster", "static")
                    .config("static.seeds", seeds)));
        }
        awaitAll(nodes, 3, FORMATION);

        lan.cut(3);
        nodes.get(0).awaitSize(2, CHANGE);
        nodes.get(1).awaitSize(2, CHANGE);
        assertThat(nodes.get(2).awaitSize(1, CHANGE).members()).containsExactly("n3");

        lan.heal(3);
        for (NodeProcess node : nodes) {
            ViewLine merged = node.awaitSize(3, CHANGE);
            assertThat(merged.merged()).as("%s installs a merge view", node).isTrue();
            assertThat(merged.members()).containsExactlyInAnyOrder("n1", "n2", "n3");
        }
    }
}
