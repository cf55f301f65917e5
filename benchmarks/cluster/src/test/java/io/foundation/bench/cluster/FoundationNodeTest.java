package io.foundation.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoundationNodeTest {

    private final FoundationNode foundation =
            new FoundationNode(Path.of("/nonexistent/bin/foundation"), "static", List.of(), "foundation ready");

    private static long local(String s) {
        return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    @Test
    void parsesViewLine() {
        String line = "2026-11-23 10:00:00.123 INFO  [view] view 7 size=3 members=[n1, n2, n3] coordinator=n1 "
                + "joined=[n3] left=[] merged=false";
        assertThat(foundation.parse(line))
                .contains(NodeEvent.view(local("2026-11-23T10:00:00.123"), List.of("n1", "n2", "n3"), "n1"));
    }

    @Test
    void parsesReadyLine() {
        assertThat(foundation.parse("2026-11-23 10:00:01.500 INFO  [main] foundation ready in 900 ms"))
                .contains(NodeEvent.ready(local("2026-11-23T10:00:01.500")));
    }

    @Test
    void ignoresOtherLines() {
        assertThat(foundation.parse("2026-11-23 10:00:00.001 INFO  [main] starting Felix")).isEmpty();
        assertThat(foundation.parse("g! ")).isEmpty();
    }

    @Test
    void missingDistributionIsReportedNotFatal() {
        assertThat(foundation.unavailable()).hasValueSatisfying(why -> assertThat(why).startsWith("pending distribution"));
    }

    @Test
    void environmentCarriesTheContract() {
        Contender.NodeSpec spec = new Contender.NodeSpec("n2", "127.0.0.1", 7901,
                List.of("127.0.0.1:7900", "127.0.0.1:7901"), "c1", false, Path.of("/tmp/d"));
        Contender.Launch launch = foundation.launch(spec);
        assertThat(launch.command()).containsExactly("/nonexistent/bin/foundation", "--headless", "--name", "n2",
                "--data", "/tmp/d");
        assertThat(launch.environment()).containsEntry("FOUNDATION_CLUSTER", "static")
                .containsEntry("FOUNDATION_CLUSTER_NAME", "c1")
                .containsEntry("FOUNDATION_SEEDS", "127.0.0.1:7900,127.0.0.1:7901")
                .containsEntry("FOUNDATION_BIND_ADDRESS", "127.0.0.1")
                .containsEntry("FOUNDATION_BIND_PORT", "7901");
        Contender.NodeSpec single = new Contender.NodeSpec("n1", "127.0.0.1", 7900, List.of("127.0.0.1:7900"), "c",
                true, Path.of("/tmp/d"));
        assertThat(foundation.launch(single).environment()).containsEntry("FOUNDATION_CLUSTER", "false");
    }
}
