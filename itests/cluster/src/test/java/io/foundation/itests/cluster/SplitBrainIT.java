package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The split-brain guard on real nodes: a 3|2 partition between namespaces stops the 2-side and keeps the 3-side,
 * the heal brings every node back and is logged as a merge, nodes that stop gracefully are no partition, and a bad
 * policy written on a running node is refused while the node keeps serving.
 */
class SplitBrainIT extends ClusterTestSupport {

    @Test
    void theMinorityOfAPartitionStopsAndEveryNodeKeepsRunningAfterTheHeal() throws Exception {
        TestNetwork lan = closeLater(TestNetwork.bridged("splitb", 41, 5));
        StringBuilder seeds = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            seeds.append(i > 1 ? "," : "").append(lan.address(i)).append(":7800");
        }
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            nodes.add(start(NodeProcess.node("n" + i, work).in(lan, i).config("cluster", "static")
                    .config("static.seeds", seeds.toString())));
        }
        awaitAll(nodes, 5, FORMATION);
        nodes.forEach(n -> awaitKeeping(n, true));
        assertThat(nodes.get(0).json("foundation:split-brain --json").get("setting").asText())
                .isEqualTo("keep-majority");

        lan.partition("1 2 3", "4 5");
        List<NodeProcess> majority = nodes.subList(0, 3);
        List<NodeProcess> minority = nodes.subList(3, 5);
        awaitAll(majority, 3, CHANGE);
        awaitAll(minority, 2, CHANGE);
        for (NodeProcess n : minority) {
            JsonNode status = awaitKeeping(n, false);
            assertThat(status.get("reason").asText()).contains("2 of the 5").contains("not a majority");
            assertThat(status.get("lastPartition").get("side")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("n4", "n5");
            JsonNode node = n.json("foundation:status --json");
            assertThat(node.get("ready").asBoolean()).as("%s reports not ready", n).isFalse();
            n.awaitLog("\\[split-brain\\] partition: \\[[n123, ]+\\] left the view .* stops", CHANGE);
        }
        for (NodeProcess n : majority) {
            JsonNode status = awaitKeeping(n, true);
            assertThat(status.get("reason").asText()).contains("3 of the 5");
            assertThat(n.json("foundation:status --json").get("ready").asBoolean()).isTrue();
        }

        lan.healAll();
        awaitAll(nodes, 5, FORMATION);
        nodes.forEach(n -> awaitKeeping(n, true));
        for (NodeProcess n : minority) {
            n.awaitLog("\\[split-brain\\] merge of \\[[n45, ]+\\] \\(this side, stopped\\) and \\[[n123, ]+\\]: .*"
                    + "resolved by keep-majority", CHANGE);
            assertThat(n.json("foundation:split-brain --json").get("lastPartition").get("healed").isNull())
                    .as("%s records the heal", n).isFalse();
        }
        majority.forEach(n -> n.awaitLog("\\[split-brain\\] merge of \\[[n123, ]+\\] \\(this side, running\\)",
                CHANGE));
    }

    @Test
    void aBadPolicyOnARunningNodeIsRefusedAndThePreviousOneStays() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("splitbad"));
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start(NodeProcess.node("b" + i, work).in(host, 0).config("cluster", "local")));
        }
        awaitAll(nodes, 3, FORMATION);
        NodeProcess node = nodes.get(0);
        writeServices(node, "keep-oldest");
        awaitSetting(node, "keep-oldest", null);

        writeServices(node, "keep-everything");
        JsonNode refused = awaitSetting(node, "keep-oldest", "unknown split-brain policy 'keep-everything'");
        assertThat(refused.get("keeping").asBoolean()).isTrue();

        writeServices(node, "static-quorum:1");
        awaitSetting(node, "keep-oldest", "static-quorum:1 is not a majority of the current view of 3 members");

        writeServices(node, "static-quorum:4");
        awaitSetting(node, "keep-oldest", "static-quorum:4 is larger than the current view of 3 member(s)");
        node.awaitLog("ERROR .*split.brain=static-quorum:4 refused", CHANGE);
        assertThat(node.exec("foundation:split-brain").out()).contains("problem    split.brain=static-quorum:4 "
                + "refused");
        assertThat(node.json("foundation:members --json")).hasSize(3);

        writeServices(node, "static-quorum:2");
        awaitSetting(node, "static-quorum:2", null);
    }

    @Test
    void nodesThatStopGracefullyAnnounceItAndAreNoPartition() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("splitbye"));
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start(NodeProcess.node("g" + i, work).in(host, 0).config("cluster", "local")));
        }
        awaitAll(nodes, 3, FORMATION);
        // A node stopped while its bundles still start has no guard yet to announce anything.
        nodes.forEach(n -> n.awaitLog("Framework started in", FORMATION));
        nodes.forEach(n -> awaitKeeping(n, true));
        NodeProcess last = nodes.get(0);

        nodes.get(2).terminate();
        last.awaitSize(2, CHANGE);
        nodes.get(1).terminate();
        last.awaitSize(1, CHANGE);

        JsonNode status = awaitKeeping(last, true);
        assertThat(status.get("lastPartition").isNull()).as("no partition: %s", status).isTrue();
        assertThat(status.get("reason").asText()).contains("1 of the 1");
        nodes.subList(1, 3).forEach(n -> n.awaitLog("Announced this node's leave to \\d member\\(s\\); all confirmed",
                CHANGE));
    }

    /** Waits until the node's guard says {@code keeping}; returns its status. */
    private static JsonNode awaitKeeping(NodeProcess node, boolean keeping) {
        return awaitStatus(node, "keeping=" + keeping, s -> s.get("keeping").asBoolean() == keeping);
    }

    private static JsonNode awaitSetting(NodeProcess node, String setting, String problem) {
        return awaitStatus(node, setting + " with problem " + problem, s -> s.get("setting").asText().equals(setting)
                && (problem == null ? s.get("problem").isNull() : s.get("problem").asText().contains(problem)));
    }

    private static JsonNode awaitStatus(NodeProcess node, String what, java.util.function.Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        try {
            Awaitility.await(node + ": split-brain " + what).atMost(CHANGE).pollInterval(Duration.ofMillis(300))
                    .until(() -> until.test(last[0] = node.json("foundation:split-brain --json")));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(node + " never reported " + what + "; last: " + last[0] + "\nlog tail:\n"
                    + node.tail(20));
        }
        return last[0];
    }

    /** Replaces {@code etc/io.foundation.services.cfg} as an operator would; the node reads it within a second. */
    private static void writeServices(NodeProcess node, String policy) throws IOException {
        Path temp = node.etc().resolve("io.foundation.services.cfg.tmp");
        Files.writeString(temp, "split.brain = " + policy + "\n");
        Files.move(temp, node.etc().resolve("io.foundation.services.cfg"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
