package io.foundation.core.internal.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.foundation.settings.Parsed;
import io.foundation.settings.SettingsReader;

/**
 * The node's own settings from PID {@value #PID}: identity, transport and failure detection. Strategy selection
 * ({@code cluster}) is read by the discovery side; the node only needs to know whether clustering is off.
 *
 * @param single            {@code cluster=false}: run as a single node without a cluster transport
 * @param clusterName       nodes form a view only with nodes of the same name
 * @param nodeName          this node's name in views and logs
 * @param attributes        labels advertised with the member, including {@code roles}
 * @param bindAddress       {@code auto}, an IP literal, a host name, or a JGroups address keyword
 * @param bindPort          first TCP port to try
 * @param portRange         how many further ports to try, and to probe on seeds without a port
 * @param joinTimeout       how long a joining node waits for discovery answers before it forms a cluster alone
 * @param failureTimeout    a member silent this long is suspected
 * @param heartbeatInterval how often members send heartbeats
 * @param verifyTimeout     how long a suspicion is verified before the member is removed
 * @param mergeInterval     how often views are compared to heal partitions
 * @param jgroupsConfig     an expert's JGroups stack XML, used as written
 */
public record NodeSettings(boolean single, String clusterName, String nodeName, Map<String, String> attributes,
                           String bindAddress, int bindPort, int portRange, Duration joinTimeout,
                           Duration failureTimeout, Duration heartbeatInterval, Duration verifyTimeout,
                           Duration mergeInterval, Optional<Path> jgroupsConfig) {

    public static final String PID = "io.foundation.cluster";

    /** Every key this record reads, for {@link Overrides}. */
    public static final List<String> KEYS = List.of("cluster", "cluster.name", "node.name", "node.roles",
            "bind.address", "bind.port", "port.range", "join.timeout", "failure.timeout", "heartbeat.interval",
            "verify.timeout", "merge.interval", "jgroups.config");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NodeSettings {
        attributes = Map.copyOf(attributes);
    }

    /** The settings a node runs with when nothing is configured. */
    public static NodeSettings defaults() {
        return new NodeSettings(false, "foundation", defaultNodeName(), Map.of(), "auto", 7800, 10,
                Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(250), Duration.ofMillis(250),
                Duration.ofMillis(1000), Optional.empty());
    }

    /** Reads {@code config}; a value that is wrong is reported and the one from {@code previous} kept. */
    public static Parsed<NodeSettings> read(Map<String, ?> config, NodeSettings previous) {
        SettingsReader r = new SettingsReader(config);
        boolean single = r.list("cluster", List.of("auto")).equals(List.of("false"));
        String clusterName = name(r, "cluster.name", previous.clusterName());
        String nodeName = name(r, "node.name", previous.nodeName());
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> roles = r.list("node.roles", List.of());
        if (!roles.isEmpty()) {
            attributes.put("roles", String.join(",", roles));
        }
        String bindAddress = r.text("bind.address", previous.bindAddress());
        int bindPort = r.integer("bind.port", 1, 65_535, previous.bindPort());
        int portRange = r.integer("port.range", 0, 100, previous.portRange());
        if (bindPort + portRange > 65_535) {
            portRange = r.reject("port.range", portRange, "reaches past port 65535 from bind.port " + bindPort,
                    Math.min(previous.portRange(), 65_535 - bindPort));
        }
        Duration join = r.duration("join.timeout", Duration.ofMillis(50), Duration.ofMinutes(1),
                previous.joinTimeout());
        Duration failure = r.duration("failure.timeout", Duration.ofMillis(200), Duration.ofMinutes(10),
                previous.failureTimeout());
        Duration heartbeat = r.duration("heartbeat.interval", Duration.ofMillis(50), Duration.ofMinutes(1),
                previous.heartbeatInterval());
        if (heartbeat.multipliedBy(2).compareTo(failure) > 0) {
            heartbeat = r.reject("heartbeat.interval", heartbeat.toMillis() + "ms",
                    "must be at most half of failure.timeout (" + failure.toMillis() + "ms)",
                    previous.heartbeatInterval().multipliedBy(2).compareTo(failure) <= 0
                            ? previous.heartbeatInterval() : failure.dividedBy(4));
        }
        Duration verify = r.duration("verify.timeout", Duration.ofMillis(10), Duration.ofMinutes(1),
                previous.verifyTimeout());
        Duration merge = r.duration("merge.interval", Duration.ofMillis(100), Duration.ofMinutes(10),
                previous.mergeInterval());
        Optional<Path> stack = previous.jgroupsConfig();
        String stackText = r.text("jgroups.config", "");
        if (stackText.isEmpty()) {
            stack = Optional.empty();
        } else {
            Path path = Path.of(stackText);
            if (!Files.isReadable(path)) {
                r.reject("jgroups.config", stackText, "is not a readable file", stack.map(Path::toString).orElse("(built-in stack)"));
            } else {
                stack = Optional.of(path);
            }
        }
        NodeSettings settings = new NodeSettings(single, clusterName, nodeName, attributes, bindAddress, bindPort,
                portRange, join, failure, heartbeat, verify, merge, stack);
        return new Parsed<>(settings, r.problems());
    }

    /** True when switching from {@code this} to {@code next} needs a new cluster transport. */
    public boolean needsNewTransport(NodeSettings next) {
        return single != next.single || !clusterName.equals(next.clusterName) || !nodeName.equals(next.nodeName)
                || !attributes.equals(next.attributes) || !bindAddress.equals(next.bindAddress)
                || bindPort != next.bindPort || portRange != next.portRange || !joinTimeout.equals(next.joinTimeout)
                || !failureTimeout.equals(next.failureTimeout) || !heartbeatInterval.equals(next.heartbeatInterval)
                || !verifyTimeout.equals(next.verifyTimeout) || !mergeInterval.equals(next.mergeInterval)
                || !jgroupsConfig.equals(next.jgroupsConfig);
    }

    private static String name(SettingsReader r, String key, String fallback) {
        String value = r.text(key, fallback);
        if (!NAME.matcher(value).matches()) {
            return r.reject(key, value, "must be 1-64 letters, digits, '.', '_' or '-'", fallback);
        }
        return value;
    }

    private static String defaultNodeName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            String cleaned = host.replaceAll("[^A-Za-z0-9._-]", "-");
            return NAME.matcher(cleaned).matches() ? cleaned : "node";
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
