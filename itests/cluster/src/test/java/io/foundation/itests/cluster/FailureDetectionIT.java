package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default configuration's failure detection against real processes: crashed and frozen nodes are removed,
 * a short pause and a saturated CPU are not mistaken for a failure. How fast is measured in benchmarks/.
 */
class FailureDetectionIT extends ClusterTestSupport {

    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeEach
    void threeNodes() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("fd"));
        for (String name : List.of("a", "b", "c")) {
            nodes.add(start(NodeProcess.node(name, work).in(host, 0).config("cluster", "local")));
        }
        awaitAll(nodes, 3, FORMATION);
    }

    @Test
    void aNodeKilledWithSigkillLeavesTheView() throws Exception {
        NodeProcess victim = nodes.get(2);
        victim.kill9();
        for (NodeProcess survivor : nodes.subList(0, 2)) {
            ViewLine view = survivor.awaitSize(2, CHANGE);
            assertThat(view.members()).doesNotContain(victim.name());
        }
    }

    @Test
    void killingTheCoordinatorHandsCoordinationToTheNextOldest() throws Exception {
        String coordinator = nodes.get(0).lastView().orElseThrow().coordinator();
        NodeProcess victim = nodes.stream().filter(n -> n.name().equals(coordinator)).findFirst().orElseThrow();
        victim.kill9();
        for (NodeProcess survivor : nodes) {
            if (survivor != victim) {
                assertThat(survivor.awaitSize(2, CHANGE).coordinator()).isNotEqualTo(coordinator);
            }
        }
    }

    @Test
    void aFrozenNodeIsRemovedAndRejoinsWhenItResumes() throws Exception {
        NodeProcess frozen = nodes.get(1);
        frozen.freeze();
        nodes.get(0).awaitView("a view without " + frozen, v -> !v.members().contains(frozen.name()), CHANGE);
        nodes.get(2).awaitView("a view without " + frozen, v -> !v.members().contains(frozen.name()), CHANGE);
        frozen.thaw();
        awaitAll(nodes, 3, CHANGE);
    }

    @Test
    void aHalfSecondPauseIsNotAFailure() throws Exception {
        List<Integer> before = nodes.stream().map(n -> n.views().size()).toList();
        nodes.get(1).pause(Duration.ofMillis(500));
        assertNoViewChange(nodes, Duration.ofSeconds(5));
        assertThat(nodes.stream().map(n -> n.views().size()).toList()).isEqualTo(before);
    }

    @Test
    void bothCoresSaturatedForSixtySecondsCauseNoSuspicion() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Process> burners = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            // Started directly, not under timeout(1): destroying a wrapper would leave its child burning.
            burners.add(new ProcessBuilder("sha256sum", "/dev/zero").start());
        }
        try {
            assertNoViewChange(nodes, Duration.ofSeconds(60));
        } finally {
            for (Process burner : burners) {
                burner.destroyForcibly();
                burner.waitFor(10, TimeUnit.SECONDS);
            }
        }
        nodes.forEach(n -> assertThat(n.lastView().orElseThrow().size()).isEqualTo(3));
    }
}
