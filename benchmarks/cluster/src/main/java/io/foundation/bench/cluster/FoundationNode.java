package io.foundation.bench.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Foundation nodes, started from the built distribution:
 * {@code bin/foundation --headless --name <name> --data <dir>}, configured by environment
 * (FOUNDATION_CLUSTER, FOUNDATION_CLUSTER_NAME, FOUNDATION_SEEDS, FOUNDATION_BIND_ADDRESS,
 * FOUNDATION_BIND_PORT). Events come from its log lines on stdout:
 * <pre>
 * 2026-11-23 10:00:00.123 INFO  [view] view 7 size=3 members=[n1, n2, n3] coordinator=n1 joined=[n3] left=[] merged=false
 * 2026-11-23 10:00:00.456 INFO  [main] foundation ready
 * </pre>
 * The timestamp is local time with milliseconds. Everything here is a default that the
 * command line can change, so the adapter follows the distribution as it settles.
 */
public final class FoundationNode implements Contender {

    static final Pattern TIMESTAMP = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}[.,]\\d{3})");
    static final Pattern VIEW = Pattern.compile(
            "\\bview \\d+ size=(\\d+) members=\\[([^\\]]*)\\](?: coordinator=([^\\s,]+))?");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final Path executable;
    private final String clusterMode;
    private final List<String> extraArgs;
    private final String readyMarker;

    /**
     * @param executable  bin/foundation of the built distribution
     * @param clusterMode FOUNDATION_CLUSTER for multi-node runs (single-node runs use "false")
     * @param extraArgs   more arguments for bin/foundation, after the fixed ones
     * @param readyMarker text of the log line that says the node is ready
     */
    public FoundationNode(Path executable, String clusterMode, List<String> extraArgs, String readyMarker) {
        this.executable = executable;
        this.clusterMode = clusterMode;
        this.extraArgs = List.copyOf(extraArgs);
        this.readyMarker = readyMarker;
    }

    @Override
    public String id() {
        return "foundation";
    }

    @Override
    public Optional<String> unavailable() {
        if (!Files.isExecutable(executable)) {
            return Optional.of("pending distribution: " + executable + " is missing (build distribution/ first)");
        }
        return Optional.empty();
    }

    /** The distribution's directory: bin/, etc/, bundle/. */
    Path home() {
        return executable.toAbsolutePath().getParent().getParent();
    }

    @Override
    public int basePort() {
        return 7900;
    }

    @Override
    public Launch launch(NodeSpec spec) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless",
                "--name", spec.name(), "--data", spec.data().toString()));
        command.addAll(extraArgs);
        Map<String, String> env = new HashMap<>();
        env.put("FOUNDATION_CLUSTER", spec.single() ? "false" : clusterMode);
        env.put("FOUNDATION_CLUSTER_NAME", spec.clusterName());
        env.put("FOUNDATION_SEEDS", String.join(",", spec.seeds()));
        env.put("FOUNDATION_BIND_ADDRESS", spec.bindAddress());
        env.put("FOUNDATION_BIND_PORT", Integer.toString(spec.port()));
        return new Launch(command, env);
    }

    @Override
    public Optional<NodeEvent> parse(String line) {
        Matcher view = VIEW.matcher(line);
        if (view.find()) {
            List<String> members = view.group(2).isBlank() ? List.of()
                    : Arrays.stream(view.group(2).split(",")).map(String::strip).toList();
            return Optional.of(NodeEvent.view(timeOf(line), members, view.group(3)));
        }
        if (line.contains(readyMarker)) {
            return Optional.of(NodeEvent.ready(timeOf(line)));
        }
        return Optional.empty();
    }

    /** The line's own timestamp in epoch ms, or now when it has none. */
    static long timeOf(String line) {
        Matcher m = TIMESTAMP.matcher(line);
        if (m.find()) {
            String s = m.group(1).replace('T', ' ').replace(',', '.');
            try {
                return LocalDateTime.parse(s, LOCAL).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // fall through to the reader's clock
            }
        }
        return System.currentTimeMillis();
    }
}
