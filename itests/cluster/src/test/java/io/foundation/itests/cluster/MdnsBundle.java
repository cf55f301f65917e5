package io.foundation.itests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The mdns strategy bundle (bundles/strategy-mdns) for the nodes of a test: the distribution ships it in bundle/ once
 * it is part of it; until then the jar its module built is dropped into a node's deploy/, as an operator would.
 */
final class MdnsBundle {

    private static final Path MODULE_TARGET = Path.of(System.getProperty("foundation.scripts", "../../scripts"))
            .toAbsolutePath().normalize().getParent().resolve("bundles/strategy-mdns/target");
    private static final String JAR_PREFIX = "foundation-strategy-mdns-";

    private MdnsBundle() {
    }

    /** Makes the mdns strategy available to {@code node}: deploys the built jar unless the distribution has it. */
    static void provideTo(NodeProcess node) throws IOException {
        if (jars(NodeProcess.DISTRIBUTION.resolve("bundle")).isEmpty()) {
            TestBundles.deploy(built(), node.deploy());
        }
    }

    /** The node's view of strategy {@code name} from {@code foundation:strategies --json}. */
    static JsonNode strategy(NodeProcess node, String name) {
        for (JsonNode s : node.json("foundation:strategies --json").get("strategies")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(node + " knows no strategy " + name);
    }

    /** The seeds the node's mdns strategy returned in its last round. */
    static List<String> seeds(NodeProcess node) {
        List<String> seeds = new ArrayList<>();
        strategy(node, "mdns").get("seeds").forEach(seed -> seeds.add(seed.asText()));
        Collections.sort(seeds);
        return seeds;
    }

    private static Path built() throws IOException {
        List<Path> jars = jars(MODULE_TARGET);
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one " + JAR_PREFIX + "*.jar in " + MODULE_TARGET + ", found "
                    + jars + ": build it first (mvn install -pl bundles/strategy-mdns)");
        }
        return jars.get(0);
    }

    private static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(JAR_PREFIX) && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                        && !n.endsWith("-tests.jar");
            }).toList();
        }
    }
}
