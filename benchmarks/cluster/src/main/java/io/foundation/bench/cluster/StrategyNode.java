package io.foundation.bench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Foundation nodes of one group of a {@link StrategyWorld}: node {@code i} (named {@code n<i>})
 * binds its namespace's address, port 7900, and discovers its peers through the strategy given for
 * its index — in {@code FOUNDATION_CLUSTER}, or, for nodes whose strategy the shell will change,
 * in their own {@code etc/io.foundation.cluster.cfg} (the environment would pin it).
 */
final class StrategyNode implements Contender {

    private final FoundationNode foundation;
    private final StrategyWorld world;
    private final String group;
    private final int groupSize;
    private final IntFunction<String> strategyOf;
    private final IntFunction<Map<String, String>> extra;
    private final boolean clusterInFile;

    /** @param extra more environment for node i, over the world's (e.g. a seed list of its own) */
    StrategyNode(FoundationNode foundation, StrategyWorld world, String group, int groupSize,
                 IntFunction<String> strategyOf, IntFunction<Map<String, String>> extra, boolean clusterInFile) {
        this.foundation = foundation;
        this.world = world;
        this.group = group;
        this.groupSize = groupSize;
        this.strategyOf = strategyOf;
        this.extra = extra;
        this.clusterInFile = clusterInFile;
    }

    @Override
    public String id() {
        return foundation.id();
    }

    @Override
    public Optional<String> unavailable() {
        return foundation.unavailable();
    }

    @Override
    public int basePort() {
        return StrategyWorld.PORT;
    }

    @Override
    public Launch launch(NodeSpec spec) {
        int i = Integer.parseInt(spec.name().substring(1));
        Launch base = foundation.launch(spec);
        Map<String, String> env = new HashMap<>(base.environment());
        env.putAll(world.environment(strategyOf.apply(i), group, groupSize, i));
        env.putAll(extra.apply(i));
        if (!clusterInFile) {
            return new Launch(base.command(), env);
        }
        Path etc = spec.data().resolve("etc");
        try {
            Files.createDirectories(etc);
            Files.copy(foundation.home().resolve("etc/logback.xml"), etc.resolve("logback.xml"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(etc.resolve("io.foundation.cluster.cfg"), "cluster = " + env.remove("FOUNDATION_CLUSTER")
                    + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + etc, e);
        }
        List<String> command = new ArrayList<>(base.command());
        command.addAll(List.of("--etc", etc.toString()));
        return new Launch(command, env);
    }

    @Override
    public Optional<NodeEvent> parse(String line) {
        return foundation.parse(line);
    }
}
