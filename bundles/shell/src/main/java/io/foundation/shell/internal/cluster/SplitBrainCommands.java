package io.foundation.shell.internal.cluster;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.foundation.api.services.SplitBrain;
import io.foundation.api.services.SplitBrainPolicy;
import io.foundation.api.services.SplitBrainStatus;
import io.foundation.api.services.SplitBrainStatus.Partition;

/**
 * {@code foundation:split-brain [--json]}: the policy in force, whether this node's side keeps running, the last
 * partition. A {@link Function}, since Gogo finds methods only by names a Java method can have.
 */
@Component(service = Function.class, property = {
        "osgi.command.scope=foundation",
        "osgi.command.function=split-brain"})
public final class SplitBrainCommands implements Function {

    private static final String USAGE = "foundation:split-brain [--json] - the split-brain policy, whether this "
            + "node's side keeps running its singletons and partitioned owners and why, the last partition and how it "
            + "was resolved, and a refused setting";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final ClusterJson json = new ClusterJson();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SplitBrain splitBrain;

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = arguments.stream().map(String::valueOf).toList();
        if (args.contains("--help") || args.contains("-h")) {
            return USAGE;
        }
        boolean asJson = args.contains("--json");
        if (args.size() > (asJson ? 1 : 0)) {
            throw new IllegalArgumentException("unexpected arguments " + args + "\nusage: " + USAGE);
        }
        SplitBrain guard = splitBrain;
        if (guard == null) {
            throw new IllegalStateException("the split-brain guard is not running (is the io.foundation.core bundle "
                    + "active?)");
        }
        SplitBrainStatus status = guard.status();
        if (asJson) {
            return json.print(toJson(status));
        }
        StringBuilder out = new StringBuilder();
        out.append(line("policy", setting(status))).append('\n');
        out.append(line("keeping", (status.keeping() ? "yes" : "NO: singletons and partitioned owners stopped, "
                + "node not ready") + " (" + status.reason() + ")")).append('\n');
        out.append(line("partition", status.lastPartition().map(SplitBrainCommands::describe).orElse("none seen")))
                .append('\n');
        out.append(line("problem", status.problem().orElse("none")));
        return out.toString();
    }

    private ObjectNode toJson(SplitBrainStatus status) {
        ObjectNode node = json.object();
        node.put("policy", status.policy().settingName());
        node.put("quorum", status.quorum());
        node.put("setting", setting(status));
        node.put("keeping", status.keeping());
        node.put("reason", status.reason());
        if (status.lastPartition().isPresent()) {
            Partition p = status.lastPartition().get();
            ObjectNode partition = node.putObject("lastPartition");
            partition.put("detected", p.detected().toString());
            p.before().forEach(partition.putArray("before")::add);
            p.side().forEach(partition.putArray("side")::add);
            partition.put("kept", p.kept());
            partition.put("resolution", p.resolution());
            if (p.healed().isPresent()) {
                partition.put("healed", p.healed().get().toString());
            } else {
                partition.putNull("healed");
            }
        } else {
            node.putNull("lastPartition");
        }
        if (status.problem().isPresent()) {
            node.put("problem", status.problem().get());
        } else {
            node.putNull("problem");
        }
        return node;
    }

    static String setting(SplitBrainStatus status) {
        return status.policy() == SplitBrainPolicy.STATIC_QUORUM
                ? status.policy().settingName() + ":" + status.quorum() : status.policy().settingName();
    }

    private static String describe(Partition p) {
        return "detected " + local(p.detected()) + ": " + p.side() + " of " + p.before() + ", "
                + (p.kept() ? "kept running" : "stopped") + " (" + p.resolution() + "); "
                + p.healed().map(t -> "healed " + local(t)).orElse("not healed yet");
    }

    private static String local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneId.systemDefault()).format(TIME);
    }

    private static String line(String label, String value) {
        return String.format("%-10s %s", label, value);
    }
}
