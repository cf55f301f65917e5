package io.foundation.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void medianAndWorst() {
        Samples s = new Samples("formation", 3, "jgroups", "ms");
        List.of(5.0, 1.0, 9.0).forEach(s::add);
        assertThat(s.p50()).isEqualTo(5.0);
        assertThat(s.worst()).isEqualTo(9.0);
        s.add(7.0);
        assertThat(s.p50()).isEqualTo(6.0);
    }

    @Test
    void nearestRankPercentiles() {
        Samples s = new Samples("visibility", 3, "foundation", "ms");
        for (int i = 100; i >= 1; i--) {
            s.add(i);
        }
        assertThat(s.percentile(50)).isEqualTo(50.0);
        assertThat(s.percentile(99)).isEqualTo(99.0);
        assertThat(s.percentile(100)).isEqualTo(100.0);
        s.add(1000);
        assertThat(s.percentile(99)).isEqualTo(100.0);
        assertThat(new Samples("visibility", 3, "foundation", "ms").percentile(99)).isNaN();
    }

    @Test
    void emptyHasNoFigures() {
        Samples s = new Samples("formation", 3, "pekko", "ms");
        s.fail("timeout");
        assertThat(s.p50()).isNaN();
        assertThat(Harness.line(s, s, null).get("p50").isNull()).isTrue();
        assertThat(Harness.line(s, s, null).get("failures").asInt()).isEqualTo(1);
    }

    @Test
    void lineComparesFoundationWithBaseline() {
        Samples base = new Samples("kill9_member", 5, "hazelcast", "ms");
        base.add(400);
        Samples f = new Samples("kill9_member", 5, "foundation", "ms");
        f.add(200);
        var line = Harness.line(base, base, f);
        assertThat(line.get("system").asText()).isEqualTo("hazelcast");
        assertThat(line.get("foundation_ms").asDouble()).isEqualTo(200);
        assertThat(line.get("baseline_ms").asDouble()).isEqualTo(400);
        assertThat(line.get("ratio").asDouble()).isEqualTo(0.5);
        var alone = Harness.line(f, null, f);
        assertThat(alone.get("system").asText()).isEqualTo("foundation");
        assertThat(alone.get("foundation_ms").asDouble()).isEqualTo(200);
        assertThat(alone.get("baseline_ms").isNull()).isTrue();
        assertThat(alone.has("foundation")).isFalse();
    }

    @Test
    void fullViewCountsFromTheStartOfTheLastFullRun() {
        Set<String> all = Set.of("n1", "n2", "n3");
        List<NodeEvent> events = List.of(
                NodeEvent.view(10, List.of("n1"), "n1"),
                NodeEvent.view(20, List.of("n1", "n2", "n3"), "n1"),
                NodeEvent.view(30, List.of("n1", "n2"), "n1"),
                NodeEvent.ready(35),
                NodeEvent.view(40, List.of("n3", "n1", "n2"), "n1"),
                NodeEvent.view(50, List.of("n1", "n2", "n3"), "n2"));
        assertThat(Cluster.fullSince(events, all)).isEqualTo(OptionalLong.of(40));
        assertThat(Cluster.fullSince(events.subList(0, 3), all)).isEmpty();
    }
}
