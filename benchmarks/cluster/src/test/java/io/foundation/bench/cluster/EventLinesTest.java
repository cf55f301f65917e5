package io.foundation.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventLinesTest {

    @Test
    void viewRoundTrips() {
        NodeEvent view = NodeEvent.view(1_700_000_000_123L, List.of("n1", "n2", "n3"), "n1");
        String line = EventLines.format(view);
        assertThat(line).isEqualTo(
                "{\"event\":\"view\",\"t\":1700000000123,\"size\":3,\"members\":[\"n1\",\"n2\",\"n3\"],\"coordinator\":\"n1\"}");
        assertThat(EventLines.parse(line)).contains(view);
    }

    @Test
    void readyAndTerminated() {
        assertThat(EventLines.parse("{\"event\":\"ready\",\"t\":42}")).contains(NodeEvent.ready(42));
        assertThat(EventLines.parse("{\"event\":\"terminated\",\"t\":43}")).contains(NodeEvent.terminated(43));
    }

    @Test
    void singletonNamesItsNode() {
        NodeEvent started = NodeEvent.singleton(44, "n2");
        assertThat(EventLines.format(started)).isEqualTo("{\"event\":\"singleton\",\"t\":44,\"node\":\"n2\"}");
        assertThat(EventLines.parse(EventLines.format(started))).contains(started);
    }

    @Test
    void viewWithoutCoordinator() {
        assertThat(EventLines.parse("{\"event\":\"view\",\"t\":5,\"size\":1,\"members\":[\"n1\"]}"))
                .contains(NodeEvent.view(5, List.of("n1"), null));
    }

    @Test
    void ignoresEverythingElse() {
        assertThat(EventLines.parse("GMS: address=n1, cluster=c, physical address=127.0.0.1:7800")).isEmpty();
        assertThat(EventLines.parse("{\"metric\":\"formation\"}")).isEmpty();
        assertThat(EventLines.parse("{\"event\":\"view\",\"t\":")).isEmpty();
        assertThat(EventLines.parse("{\"event\":\"other\",\"t\":1}")).isEmpty();
    }
}
