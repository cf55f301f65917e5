package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Bundles dropped into deploy/ while nodes run: a third-party strategy is installed, used and removed. */
class HotDeployIT extends ClusterTestSupport {

    @Test
    void aStrategyBundleDroppedIntoDeployIsInstalledUsedAndUninstalled() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("deploy"));
        NodeProcess a = start(NodeProcess.node("a", work).in(host, 0).config("cluster", "static")
                .config("static.seeds", "127.0.0.1:7899").config("bind.port", "7800").config("port.range", "0"));
        NodeProcess b = start(NodeProcess.node("b", work).in(host, 0).config("cluster", "static")
                .config("static.seeds", "127.0.0.1:7898").config("bind.port", "7801").config("port.range", "0"));
        a.awaitSize(1, FORMATION);
        b.awaitSize(1, FORMATION);

        Path bundle = TestBundles.strategy(work.resolve("bundles"), "fixture",
                "return List.of(Seed.of(\"127.0.0.1\", 7801));");
        Path deployed = TestBundles.deploy(bundle, a.deploy());
        awaitStrategy(a, "fixture", true);

        a.writeConfig(java.util.Map.of("cluster", "static,fixture", "static.seeds", "127.0.0.1:7899",
                "bind.port", "7800", "port.range", "0"));
        awaitAll(List.of(a, b), 2, CHANGE);

        Files.delete(deployed);
        awaitStrategy(a, "fixture", false);
        a.awaitLog("Active strategy 'fixture' was removed; discovery continues with \\[static\\]", CHANGE);
        assertNoViewChange(List.of(a, b), Duration.ofSeconds(3));
        assertThat(a.exec("lb -s").out()).doesNotContain("fixture.fixture");
    }

    private static void awaitStrategy(NodeProcess node, String name, boolean available) {
        Awaitility.await(node + ": strategy " + name + " available=" + available).atMost(CHANGE)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (JsonNode s : node.json("foundation:strategies --json").get("strategies")) {
                        if (s.get("name").asText().equals(name)) {
                            return s.get("available").asBoolean() == available;
                        }
                    }
                    return !available;
                });
    }
}
