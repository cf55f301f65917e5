package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The singleton example on real nodes: it runs once in the cluster, moves to a survivor when its owner is killed,
 * does not run twice when the killed node comes back, runs on the oldest member that has it when only some have
 * it, and a singleton whose activate throws is retried on its owner rather than moved.
 */
class SingletonIT extends ClusterTestSupport {

    static final Path DEMO = Path.of(System.getProperty("foundation.singleton.demo",
            "../../examples/singleton-demo/target/singleton-demo-1.0.0-SNAPSHOT.jar")).toAbsolutePath().normalize();
    private static final Pattern STARTED = Pattern.compile("singleton-demo started on (\\S+)");

    @Test
    void theSingletonRunsOnceMovesWhenItsOwnerIsKilledAndDoesNotRunTwiceWhenItReturns() throws Exception {
        assertThat(DEMO).exists();
        TestNetwork host = closeLater(TestNetwork.loopback("single"));
        List<NodeProcess> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(start(NodeProcess.node(name, work).in(host, 0).config("cluster", "local")));
        }
        awaitAll(nodes, 3, FORMATION);
        for (NodeProcess n : nodes) {
            TestBundles.deploy(DEMO, n.deploy());
        }

        Awaitility.await("one start of singleton-demo").atMost(CHANGE).pollInterval(Duration.ofMillis(200))
                .until(() -> started(nodes).size() == 1);
        String ownerName = started(nodes).get(0);
        NodeProcess owner = nodes.stream().filter(n -> n.name().equals(ownerName)).findFirst().orElseThrow();
        assertThat(owner.logLines()).anySatisfy(l -> assertThat(l).contains("singleton-demo started on " + ownerName));
        Awaitility.await("still one start").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(200)).until(() -> started(nodes).size() == 1);
        JsonNode singletons = owner.json("foundation:singletons --json");
        JsonNode demo = entry(singletons, "com.example.singleton.SingletonDemo");
        assertThat(demo.get("owner").asText()).isEqualTo(ownerName);
        assertThat(demo.get("state").asText()).isEqualTo("RUNNING");

        owner.kill9();
        List<NodeProcess> survivors = nodes.stream().filter(n -> n != owner).toList();
        Awaitility.await("singleton-demo started on a survivor").atMost(CHANGE).pollInterval(Duration.ofMillis(100))
                .until(() -> started(survivors).size() == 1);
        String next = started(survivors).get(0);
        assertThat(next).isNotEqualTo(ownerName);

        NodeProcess back = start(NodeProcess.node(ownerName, work).in(host, 0));
        awaitAll(nodes.stream().map(n -> n == owner ? back : n).toList(), 3, FORMATION);
        Awaitility.await(back + " knows the singleton runs on " + next).atMost(CHANGE)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> entry(back.json("foundation:singletons --json"), "com.example.singleton.SingletonDemo")
                        .get("owner").asText().equals(next));
        Awaitility.await("no second start after the restart").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> started(List.of(back)).size() == 1 && started(survivors).size() == 1);
    }

    @Test
    void aSingletonDeployedOnlyOnSomeMembersRunsOnTheOldestOfThem() throws Exception {
        assertThat(DEMO).exists();
        TestNetwork host = closeLater(TestNetwork.loopback("some"));
        List<NodeProcess> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(start(NodeProcess.node(name, work).in(host, 0).config("cluster", "local")));
        }
        awaitAll(nodes, 3, FORMATION);
        List<NodeProcess> having = nodes.subList(1, 3);
        for (NodeProcess n : having) {
            TestBundles.deploy(DEMO, n.deploy());
        }
        // The nodes start at once, so which of b and c joined first (is older) is up to the race.
        List<String> view = nodes.get(0).lastView().orElseThrow().members();
        String oldest = view.indexOf("b") < view.indexOf("c") ? "b" : "c";

        Awaitility.await("singleton-demo started on " + oldest + " (view " + view + ")").atMost(CHANGE)
                .pollInterval(Duration.ofMillis(200)).until(() -> started(nodes).equals(List.of(oldest)));
        for (NodeProcess n : having) {
            Awaitility.await(n + " says " + oldest + " owns singleton-demo").atMost(CHANGE)
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> entry(n.json("foundation:singletons --json"), "com.example.singleton.SingletonDemo")
                            .get("owner").asText().equals(oldest));
        }
        Awaitility.await("still one start").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(200)).until(() -> started(nodes).equals(List.of(oldest)));
    }

    @Test
    void aSingletonWhoseActivateThrowsIsRetriedOnItsOwnerWithGrowingAttempts() throws Exception {
        TestNetwork host = closeLater(TestNetwork.loopback("failing"));
        List<NodeProcess> nodes = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            nodes.add(start(NodeProcess.node(name, work).in(host, 0).config("cluster", "local")));
        }
        awaitAll(nodes, 2, FORMATION);
        String name = "fixture.failing.singleton";
        Path bundle = TestBundles.failingSingleton(work.resolve("bundles"), name, "no database today");
        for (NodeProcess n : nodes) {
            TestBundles.deploy(bundle, n.deploy());
        }

        Awaitility.await("an owner for " + name).atMost(CHANGE).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> !entry(nodes.get(0).json("foundation:singletons --json"), name).get("owner").isNull());
        String ownerName = entry(nodes.get(0).json("foundation:singletons --json"), name).get("owner").asText();
        NodeProcess owner = nodes.stream().filter(n -> n.name().equals(ownerName)).findFirst().orElseThrow();
        NodeProcess other = nodes.stream().filter(n -> n != owner).findFirst().orElseThrow();

        Awaitility.await(name + " retried on " + ownerName).atMost(CHANGE).pollInterval(Duration.ofMillis(500))
                .until(() -> entry(owner.json("foundation:singletons --json"), name).get("attempts").asInt() >= 3);
        JsonNode failing = entry(owner.json("foundation:singletons --json"), name);
        assertThat(failing.get("lastError").asText()).contains("no database today");
        assertThat(failing.get("owner").asText()).isEqualTo(ownerName);
        JsonNode elsewhere = entry(other.json("foundation:singletons --json"), name);
        assertThat(elsewhere.get("owner").asText()).isEqualTo(ownerName);
        assertThat(elsewhere.get("state").isNull()).isTrue();
        assertThat(elsewhere.get("attempts").asInt()).isZero();
    }

    /** The names in every "singleton-demo started on" line of {@code nodes}' logs. */
    private static List<String> started(List<NodeProcess> nodes) {
        List<String> names = new ArrayList<>();
        for (NodeProcess n : nodes) {
            for (String line : n.logLines()) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static JsonNode entry(JsonNode singletons, String name) {
        for (JsonNode s : singletons) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no singleton " + name + " in " + singletons);
    }
}
