package io.foundation.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesNodeTest {

    private final ServicesNode node = new ServicesNode(
            new FoundationNode(Path.of("/nowhere/bin/foundation"), "static", List.of(), "foundation ready"),
            List.of(), i -> Map.of());

    private static long local(String iso) {
        return LocalDateTime.parse(iso).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    @Test
    void readsSingletonStartsAndStops() {
        assertThat(node.parse("2026-11-23 10:00:00.123 INFO  [SingletonDemo] singleton-demo started on n2"))
                .contains(NodeEvent.singleton(local("2026-11-23T10:00:00.123"), "n2"));
        assertThat(node.parse("2026-11-23 10:00:01.000 INFO  [SingletonDemo] singleton-demo stopped on n2"))
                .contains(NodeEvent.note(local("2026-11-23T10:00:01.000"), "singleton-demo stopped on n2"));
    }

    @Test
    void readsFixtureLinesAndStillViews() {
        assertThat(node.parse("2026-11-23 10:00:00.123 INFO  [RegistryStream] registry-fixture seen e1 "
                + "2026-11-23T09:00:00.123456Z")).contains(NodeEvent.note(local("2026-11-23T10:00:00.123"),
                "seen e1 2026-11-23T09:00:00.123456Z"));
        assertThat(node.parse("2026-11-23 10:00:00.123 INFO  [view] view 7 size=2 members=[n1, n2] coordinator=n1"))
                .contains(NodeEvent.view(local("2026-11-23T10:00:00.123"), List.of("n1", "n2"), "n1"));
    }

    @Test
    void singletonRunsWhereItLastStarted() {
        NodeEvent started = NodeEvent.singleton(1, "n1");
        NodeEvent stopped = NodeEvent.note(2, "singleton-demo stopped on n1");
        assertThat(ServiceTrials.runsSingleton(List.of(started))).isTrue();
        assertThat(ServiceTrials.runsSingleton(List.of(started, stopped))).isFalse();
        assertThat(ServiceTrials.runsSingleton(List.of(started, stopped, NodeEvent.singleton(3, "n1")))).isTrue();
        assertThat(ServiceTrials.runsSingleton(List.of(NodeEvent.ready(0)))).isFalse();
    }

    @Test
    void fixtureNotesGiveInstantsStoresAndCensus() {
        List<NodeEvent> events = List.of(
                NodeEvent.note(1, "store embedded 2026-11-23T09:00:00.000001Z"),
                NodeEvent.note(2, "reg e1 2026-11-23T09:00:00.000100Z 0"),
                NodeEvent.note(3, "census r1 store=embedded lookups=10 misses=0 n1=1"),
                NodeEvent.note(4, "store ignite 2026-11-23T09:00:01.000500Z"),
                NodeEvent.note(5, "census r1 store=ignite lookups=20 misses=1 n1=1 n2=3"));
        assertThat(ServiceTrials.latestStore(events)).isEqualTo("ignite");
        assertThat(ServiceTrials.storeSince(events, 1, "ignite"))
                .isEqualTo(Instant.parse("2026-11-23T09:00:01.000500Z").toEpochMilli());
        assertThat(ServiceTrials.storeSince(events, 4, "embedded")).isZero();
        assertThat(ServiceTrials.instants(ServiceTrials.notes(events, 0, "reg ")))
                .containsEntry("e1", Instant.parse("2026-11-23T09:00:00.000100Z"));
        assertThat(ServiceTrials.census(ServiceTrials.lastCensus(events, "r1"))).isEqualTo(Map.of("n1", 1, "n2", 3));
        assertThat(ServiceTrials.census(ServiceTrials.lastCensus(events, "r2"))).isEmpty();
    }
}
