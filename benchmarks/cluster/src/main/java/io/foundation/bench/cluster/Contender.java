package io.foundation.bench.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A clustering system under measurement: how to start one of its nodes and read what it says. */
public interface Contender {

    /** Short lower-case name used in results: jgroups, hazelcast, pekko, foundation. */
    String id();

    /** Why this system cannot run here, or empty when it can. */
    Optional<String> unavailable();

    /** The first node's port; node i uses basePort + i - 1 (plus an offset per relaunch). */
    int basePort();

    /** The command and environment that start one node. */
    Launch launch(NodeSpec spec);

    /** The event on one line of the node's stdout, if the line carries one. */
    Optional<NodeEvent> parse(String line);

    /**
     * One node to start.
     *
     * @param seeds  host:port of every node of the cluster (including this one)
     * @param single true for the single-node measurements (Foundation: cluster=false)
     * @param data   a fresh directory the node may use for its files
     */
    record NodeSpec(String name, String bindAddress, int port, List<String> seeds, String clusterName,
                    boolean single, Path data) {
    }

    record Launch(List<String> command, Map<String, String> environment) {
    }
}
