package io.foundation.strategy.consul;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.foundation.api.cluster.Member;

/**
 * What this node registers with the Consul agent: one instance of {@code service} whose ID is the node's stable id,
 * at the address and port of the node's cluster transport, with the cluster and node name in its metadata and a
 * TTL check. Two equal registrations need no new call to the agent.
 */
record NodeRegistration(String service, String id, String nodeName, String cluster, String host, int port,
                        List<String> tags, Duration ttl, Duration deregisterAfter) {

    /** Metadata key holding the cluster name; instances of another cluster are not seeds. */
    static final String META_CLUSTER = "cluster";
    /** Metadata key holding the node's name. */
    static final String META_NODE = "node";

    NodeRegistration {
        tags = List.copyOf(tags);
    }

    static NodeRegistration of(ConsulSettings settings, String cluster, Member self) {
        return new NodeRegistration(settings.serviceFor(cluster), self.id(), self.name(), cluster,
                self.address().getAddress().getHostAddress(), self.address().getPort(), settings.tags(),
                settings.ttl(), settings.deregisterAfter());
    }

    Map<String, String> meta() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_CLUSTER, cluster);
        meta.put(META_NODE, nodeName);
        return meta;
    }

    /** A duration the way Consul reads it: whole seconds as {@code 10s}, anything finer in milliseconds. */
    static String goDuration(Duration d) {
        return d.toMillisPart() == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
