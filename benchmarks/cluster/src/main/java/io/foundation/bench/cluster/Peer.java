package io.foundation.bench.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The peers a user would pick instead of Foundation, each run by its own node main in a
 * JVM of its own with stock JVM settings, on this module's class path.
 */
public enum Peer implements Contender {
    JGROUPS(JGroupsNode.class, 7800),
    HAZELCAST(HazelcastNode.class, 5701),
    PEKKO(PekkoNode.class, 25520),
    /** Pekko nodes that also run a Cluster Singleton; reported as pekko. */
    PEKKO_SINGLETON(PekkoSingletonNode.class, 25520, "pekko");

    private final Class<?> main;
    private final int basePort;
    private final String id;

    Peer(Class<?> main, int basePort) {
        this.main = main;
        this.basePort = basePort;
        this.id = name().toLowerCase();
    }

    Peer(Class<?> main, int basePort, String id) {
        this.main = main;
        this.basePort = basePort;
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }

    @Override
    public int basePort() {
        return basePort;
    }

    @Override
    public Launch launch(NodeSpec spec) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(main.getName());
        command.addAll(new NodeArgs(spec.name(), spec.bindAddress(), spec.port(), spec.seeds(), spec.clusterName()).toArgs());
        return new Launch(command, Map.of());
    }

    @Override
    public Optional<NodeEvent> parse(String line) {
        return EventLines.parse(line);
    }
}
