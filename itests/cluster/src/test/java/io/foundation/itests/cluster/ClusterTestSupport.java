package io.foundation.itests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/** What every cluster test needs: root, a fresh work directory per test, and cleanup of what it started. */
abstract class ClusterTestSupport {

    /** Generous: these tests prove behaviour; benchmarks/ measures how fast it is. */
    static final Duration FORMATION = Duration.ofSeconds(60);
    static final Duration CHANGE = Duration.ofSeconds(20);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    Path work;

    @BeforeAll
    static void requireRootAndDistribution() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).strip();
        if (!"0".equals(uid)) {
            throw new IllegalStateException("cluster tests build network namespaces and must run as root (uid "
                    + uid + ")");
        }
        if (!Files.isExecutable(NodeProcess.DISTRIBUTION.resolve("bin/foundation"))) {
            throw new IllegalStateException(NodeProcess.DISTRIBUTION + "/bin/foundation is missing: build the "
                    + "distribution first (mvn install)");
        }
    }

    @BeforeEach
    void workDirectory(TestInfo test) throws IOException {
        work = Path.of("target", "it", getClass().getSimpleName(),
                test.getTestMethod().map(m -> m.getName()).orElse("test")).toAbsolutePath();
        if (Files.exists(work)) {
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work);
    }

    @AfterEach
    void stopEverything() throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes {@code resource} after the test, in reverse order of registration. */
    <T extends AutoCloseable> T closeLater(T resource) {
        started.push(resource);
        return resource;
    }

    NodeProcess start(NodeProcess.Builder node) throws IOException {
        return closeLater(node.start());
    }

    static void awaitAll(List<NodeProcess> nodes, int size, Duration within) {
        nodes.forEach(n -> n.awaitSize(size, within));
    }

    /** Asserts that none of {@code nodes} installs a new view for the whole of {@code window}. */
    static void assertNoViewChange(List<NodeProcess> nodes, Duration window) {
        List<Integer> before = nodes.stream().map(n -> n.views().size()).toList();
        Awaitility.await("no view change for " + window).during(window).atMost(window.plusSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> nodes.stream().map(n -> n.views().size()).toList().equals(before));
    }
}
