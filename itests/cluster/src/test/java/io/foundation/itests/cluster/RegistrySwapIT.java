package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Three nodes register and look up entries at a steady rate while the registry moves to the Ignite store
 * (etc/io.foundation.registry.ignite.cfg written on every node) and back (the file deleted). No acknowledged
 * registration is lost on any node, a look-up never misses an entry an earlier one returned, and each node's
 * registry reads from ignite, then from the embedded store again.
 */
class RegistrySwapIT extends ClusterTestSupport {

    private static final int NET = 40;
    private static final int RATE = 20;
    private static final String IGNITE_CFG = "io.foundation.registry.ignite.cfg";
    private static final Duration SWAP = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theRegistrySwapsToIgniteAndBackUnderLoadWithoutLosingOrHidingAnEntry() throws Exception {
        TestNetwork lan = closeLater(TestNetwork.bridged("regswap", NET, 3));
        String seeds = lan.address(1) + ":7800," + lan.address(2) + ":7800," + lan.address(3) + ":7800";
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start(NodeProcess.node("n" + i, work).in(lan, i).config("cluster", "static")
                    .config("static.seeds", seeds).config("bind.port", "7800").config("port.range", "0")));
        }
        awaitAll(nodes, 3, FORMATION);

        Path load = TestBundles.registryLoad(work.resolve("bundles"), RATE);
        for (NodeProcess n : nodes) {
            TestBundles.deploy(load, n.deploy());
        }
        for (NodeProcess n : nodes) {
            awaitReport(n, "registering on the embedded store",
                    r -> r.get("store").asText().equals("embedded") && r.get("acknowledged").size() >= RATE);
        }

        long written = System.nanoTime();
        for (NodeProcess n : nodes) {
            writeAtomically(n.etc().resolve(IGNITE_CFG), "# written by RegistrySwapIT\ndiscovery.port = 47500\n"
                    + "communication.port = 47100\nport.range = 0\n");
        }
        for (NodeProcess n : nodes) {
            awaitReport(n, "reading from ignite", r -> r.get("store").asText().equals("ignite"));
        }
        System.out.printf("swap embedded -> ignite: %d ms from the configuration written to every node reading "
                + "from ignite%n", Duration.ofNanos(System.nanoTime() - written).toMillis());
        for (NodeProcess n : nodes) {
            n.awaitLog("The ignite registry store is available: Ignite node " + n.name() + " .* started in \\d+ ms",
                    CHANGE).lines().forEach(System.out::println);
        }
        awaitMoreRegistrations(nodes);

        long deleted = System.nanoTime();
        for (NodeProcess n : nodes) {
            Files.delete(n.etc().resolve(IGNITE_CFG));
        }
        for (NodeProcess n : nodes) {
            awaitReport(n, "reading from the embedded store again", r -> r.get("store").asText().equals("embedded"));
        }
        System.out.printf("swap ignite -> embedded: %d ms from the configuration deleted on every node to every "
                + "node reading from the embedded store%n", Duration.ofNanos(System.nanoTime() - deleted).toMillis());
        awaitMoreRegistrations(nodes);

        for (NodeProcess n : nodes) {
            Files.writeString(n.data().resolve("load-stop"), "");
        }
        Set<String> acknowledged = new HashSet<>();
        for (NodeProcess n : nodes) {
            awaitReport(n, "load stopped", r -> r.get("stopped").asBoolean());
            report(n).get("acknowledged").forEach(id -> acknowledged.add(id.asText()));
        }
        for (NodeProcess n : nodes) {
            JsonNode last = awaitReport(n, "every acknowledged registration visible",
                    r -> ids(r.get("visible")).containsAll(acknowledged));
            assertThat(last.get("vanished").asLong()).as("%s: look-ups that missed an entry seen before: %s", n,
                    last.get("problems")).isZero();
            assertThat(last.get("errors").asLong()).as("%s: failed calls: %s", n, last.get("problems")).isZero();
            List<String> stores = new ArrayList<>();
            last.get("changes").forEach(c -> stores.add(c.asText().replaceAll("@.*", "")));
            assertThat(stores).as("%s: the stores its registry read, in order", n)
                    .containsExactly("embedded", "ignite", "embedded");
        }
        assertThat(acknowledged).as("registrations made during the test").hasSizeGreaterThan(3 * RATE * 10);
    }

    /** Waits until every node has acknowledged at least {@code RATE} more registrations than now. */
    private static void awaitMoreRegistrations(List<NodeProcess> nodes) throws IOException {
        for (NodeProcess n : nodes) {
            int now = report(n).get("acknowledged").size();
            awaitReport(n, "registering", r -> r.get("acknowledged").size() >= now + RATE);
        }
    }

    private static JsonNode awaitReport(NodeProcess node, String what, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await(node + ": " + what).atMost(SWAP).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode r = report(node);
            last[0] = r;
            return r != null && done.test(r);
        });
        return last[0];
    }

    private static JsonNode report(NodeProcess node) throws IOException {
        try {
            return JSON.readTree(Files.readString(node.data().resolve("load-report.json")));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new HashSet<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
