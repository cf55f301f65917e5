package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The node is built for Java 17 and must also run on the newest JDK installed here, in one cluster with 17. */
class NewestJdkIT extends ClusterTestSupport {

    @Test
    void aNodeOnTheNewestJdkJoinsANodeOnJava17() throws Exception {
        Path newest = newestJdk();
        TestNetwork host = closeLater(TestNetwork.loopback("jdk"));
        NodeProcess old = start(NodeProcess.node("on17", work).in(host, 0).config("cluster", "local"));
        NodeProcess recent = start(NodeProcess.node("newest", work).in(host, 0).config("cluster", "local")
                .env("JAVA_HOME", newest.toString()));
        awaitAll(List.of(old, recent), 2, FORMATION);
        assertThat(recent.json("foundation:status --json").get("java").asText())
                .startsWith(Integer.toString(feature(newest)));
        assertThat(old.json("foundation:status --json").get("java").asText()).startsWith("17");
    }

    /** The JDK under /usr/lib/jvm with the highest feature release. */
    private static Path newestJdk() throws IOException {
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            Optional<Path> newest = jdks.filter(p -> Files.isExecutable(p.resolve("bin/java")))
                    .filter(p -> Files.isRegularFile(p.resolve("release")))
                    .max(Comparator.comparingInt(NewestJdkIT::feature));
            return newest.orElseThrow(() -> new IllegalStateException("no JDK with a release file in /usr/lib/jvm"));
        }
    }

    private static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
