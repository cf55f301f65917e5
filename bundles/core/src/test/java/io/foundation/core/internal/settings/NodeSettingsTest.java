package io.foundation.core.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.foundation.settings.Parsed;

import org.junit.jupiter.api.Test;

class NodeSettingsTest {

    private final NodeSettings defaults = NodeSettings.defaults();

    @Test
    void nothingConfiguredMeansDefaults() {
        Parsed<NodeSettings> parsed = NodeSettings.read(Map.of(), defaults);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.settings()).isEqualTo(defaults);
        assertThat(defaults.single()).isFalse();
        assertThat(defaults.bindPort()).isEqualTo(7800);
    }

    @Test
    void readsEveryKey() {
        NodeSettings s = NodeSettings.read(Map.of("cluster", "false", "cluster.name", "prod",
                "node.name", "n-1", "node.roles", "web, batch", "bind.address", "127.0.0.1", "bind.port", "9000",
                "port.range", "3", "failure.timeout", "5s", "heartbeat.interval", "1000",
                "verify.timeout", "1s"), defaults).settings();
        assertThat(s.single()).isTrue();
        assertThat(s.clusterName()).isEqualTo("prod");
        assertThat(s.nodeName()).isEqualTo("n-1");
        assertThat(s.attributes()).containsEntry("roles", "web,batch");
        assertThat(s.bindPort()).isEqualTo(9000);
        assertThat(s.portRange()).isEqualTo(3);
        assertThat(s.failureTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aBadValueIsReportedAndThePreviousOneKept() {
        NodeSettings previous = NodeSettings.read(Map.of("bind.port", "7900"), defaults).settings();
        Parsed<NodeSettings> parsed = NodeSettings.read(Map.of("bind.port", "abc", "cluster.name", "ok-name",
                "port.range", "-1", "failure.timeout", "soon", "cluster.name ", "x"), previous);
        assertThat(parsed.settings().bindPort()).isEqualTo(7900);
        assertThat(parsed.settings().portRange()).isEqualTo(previous.portRange());
        assertThat(parsed.settings().clusterName()).isEqualTo("ok-name");
        assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).contains("bind.port=abc").contains("7900"))
                .anySatisfy(p -> assertThat(p).contains("port.range=-1"))
                .anySatisfy(p -> assertThat(p).contains("failure.timeout=soon"));
    }

    @Test
    void namesThatCannotBeUsedAreRefused() {
        Parsed<NodeSettings> parsed = NodeSettings.read(Map.of("cluster.name", "my cluster"), defaults);
        assertThat(parsed.settings().clusterName()).isEqualTo("foundation");
        assertThat(parsed.problems()).singleElement().asString().contains("cluster.name=my cluster");
    }

    @Test
    void heartbeatsMustFitTheFailureTimeout() {
        Parsed<NodeSettings> parsed = NodeSettings.read(Map.of("failure.timeout", "1s", "heartbeat.interval", "800ms"),
                defaults);
        assertThat(parsed.settings().heartbeatInterval()).isEqualTo(defaults.heartbeatInterval());
        assertThat(parsed.problems()).singleElement().asString().contains("half of failure.timeout");
    }

    @Test
    void anUnreadableStackFileIsRefused() {
        Parsed<NodeSettings> parsed = NodeSettings.read(Map.of("jgroups.config", "/nonexistent/stack.xml"), defaults);
        assertThat(parsed.settings().jgroupsConfig()).isEmpty();
        assertThat(parsed.problems()).singleElement().asString().contains("not a readable file");
    }

    @Test
    void onlyTransportChangesNeedANewTransport() {
        NodeSettings other = NodeSettings.read(Map.of("bind.port", "7900"), defaults).settings();
        assertThat(defaults.needsNewTransport(other)).isTrue();
        assertThat(defaults.needsNewTransport(NodeSettings.read(Map.of("cluster", "static"), defaults).settings()))
                .isFalse();
    }
}
