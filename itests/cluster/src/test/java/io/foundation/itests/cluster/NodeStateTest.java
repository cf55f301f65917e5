package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shell answers the chaos suite reads, in the shapes {@link NodeState} documents. */
class NodeStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void servicesGiveEachPlacementAndTheLocalInstancesRunning() throws Exception {
        JsonNode json = JSON.readTree("""
                {"services": [
                  {"name": "chaos.fast", "placement": {"": "n1"}, "local": {"": {"state": "RUNNING", "attempts": 1}}},
                  {"name": "chaos.partitioned", "placement": {"0": "n1", "1": "n2"},
                   "local": {"0": {"state": "RUNNING"}, "5": {"state": "HANDING_OFF"}}}
                ]}""");
        Map<String, NodeState.Service> services = NodeState.services(json);
        assertThat(services.get("chaos.fast").placement()).containsExactly(Map.entry("-", "n1"));
        assertThat(services.get("chaos.fast").runningKeys()).containsExactly("-");
        assertThat(services.get("chaos.partitioned").runningKeys()).containsExactly("0");
    }

    @Test
    void registryEntriesAreReadFromTheObjectOrABareArray() throws Exception {
        assertThat(NodeState.registryIds(JSON.readTree("{\"entries\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}")))
                .containsExactly("a", "b");
        assertThat(NodeState.registryIds(JSON.readTree("[{\"id\": \"c\"}]"))).containsExactly("c");
        assertThatThrownBy(() -> NodeState.registryIds(JSON.readTree("{\"items\": []}")))
                .hasMessageContaining("no array 'entries'");
    }

    @Test
    void theSplitBrainGuardSaysWhetherItsSideKeepsRunning() throws Exception {
        assertThat(NodeState.keeping(JSON.readTree("{\"policy\": \"keep-majority\", \"keeping\": false}"))).isFalse();
        assertThatThrownBy(() -> NodeState.keeping(JSON.readTree("{\"policy\": \"none\"}")))
                .hasMessageContaining("no boolean 'keeping'");
    }
}
