package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The configuration modes: a single node, one setting, environment over file, and an expert's JGroups stack. */
class ConfigurationModesIT extends ClusterTestSupport {

    @Test
    void clusterFalseRunsASingleNodeWithoutATransport() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("cfgsingle"));
        NodeProcess a = start(NodeProcess.node("a", work).in(host, 0).config("cluster", "false"));
        a.awaitSize(1, FORMATION);
        JsonNode status = a.json("foundation:status --json");
        assertThat(status.get("address").asText()).endsWith(":0");
        assertThat(status.get("discovery").get("active")).isEmpty();
        assertThat(a.logLines()).noneMatch(l -> l.contains("Cluster transport:"));
    }

    @Test
    void theEnvironmentOverridesTheConfigurationFile() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("cfgenv"));
        NodeProcess a = start(NodeProcess.node("a", work).in(host, 0).config("cluster", "false")
                .config("cluster.name", "from-file").env("FOUNDATION_CLUSTER", "static")
                .env("FOUNDATION_SEEDS", "127.0.0.1").env("FOUNDATION_CLUSTER_NAME", "from-env"));
        NodeProcess b = start(NodeProcess.node("b", work).in(host, 0).config("cluster", "static")
                .config("static.seeds", "127.0.0.1").config("cluster.name", "from-env"));
        awaitAll(List.of(a, b), 2, FORMATION);
        JsonNode status = a.json("foundation:status --json");
        assertThat(status.get("cluster").asText()).isEqualTo("from-env");
        a.awaitLog("Discovery strategies \\[static\\] \\(environment FOUNDATION_CLUSTER\\)", CHANGE);
    }

    @Test
    void anExpertsJGroupsStackIsUsedAsWrittenAndStillAsksTheStrategies() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("cfgxml"));
        Path stack = work.resolve("stack.xml");
        Files.writeString(stack, """
                <config xmlns="urn:org:jgroups">
                    <TCP bind_addr="127.0.0.1" bind_port="7810" port_range="5" diag.enabled="false"/>
                    <io.foundation.core.internal.discovery.StrategyDiscovery/>
                    <MERGE3 min_interval="1s" max_interval="2s"/>
                    <FD_SOCK2/>
                    <FD_ALL3 timeout="8s" interval="2s"/>
                    <VERIFY_SUSPECT2 timeout="1s"/>
                    <pbcast.NAKACK2 use_mcast_xmit="false"/>
                    <UNICAST3/>
                    <pbcast.STABLE/>
                    <pbcast.GMS join_timeout="1s" print_local_addr="false"/>
                    <MFC/>
                    <UFC/>
                    <FRAG4/>
                </config>
                """);
        NodeProcess a = start(NodeProcess.node("a", work).in(host, 0).config("cluster", "static")
                .config("static.seeds", "127.0.0.1").config("jgroups.config", stack.toString()));
        NodeProcess b = start(NodeProcess.node("b", work).in(host, 0).config("cluster", "static")
                .config("static.seeds", "127.0.0.1").config("jgroups.config", stack.toString()));
        awaitAll(List.of(a, b), 2, FORMATION);
        a.awaitLog("Cluster transport: the JGroups stack of " + stack + ", used as written", CHANGE);
        assertThat(a.json("foundation:status --json").get("address").asText()).matches("127\\.0\\.0\\.1:781[0-5]");
    }
}
