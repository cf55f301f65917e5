package io.foundation.shell.internal.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.foundation.api.cluster.Discovery;
import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.StrategySelection;
import io.foundation.api.cluster.StrategyStatus;
import io.foundation.api.cluster.View;
import io.foundation.api.services.SplitBrain;
import io.foundation.api.services.SplitBrainStatus;

/** Gogo commands of scope {@code foundation} that show the node's cluster state. */
@Component(service = ClusterCommands.class, property = {
        "osgi.command.scope=foundation",
        "osgi.command.function=members",
        "osgi.command.function=view",
        "osgi.command.function=strategies",
        "osgi.command.function=status"})
public final class ClusterCommands {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final ClusterJson json = new ClusterJson();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Membership membership;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Discovery discovery;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SplitBrain splitBrain;

    @Descriptor("list the members of the current view, oldest first")
    public String members(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean asJson) {
        Membership m = membership();
        View view = m.view();
        if (asJson) {
            return json.print(json.members(view, m.localMember()));
        }
        StringBuilder out = new StringBuilder(String.format("%-4s %-20s %-22s %-36s %s%n", "#", "NAME", "ADDRESS",
                "ID", "ATTRIBUTES"));
        for (Member member : view.members()) {
            String marks = (member.equals(view.coordinator()) ? " (coordinator)" : "")
                    + (member.id().equals(m.localMember().id()) ? " (this node)" : "");
            out.append(String.format("%-4d %-20s %-22s %-36s %s%s%n", member.joinOrder(), member.name(),
                    ClusterJson.hostPort(member.address()), member.id(),
                    member.attributes().isEmpty() ? "-" : member.attributes(), marks));
        }
        return out.toString().stripTrailing();
    }

    @Descriptor("show the current view: its id, coordinator and members")
    public String view(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean asJson) {
        Membership m = membership();
        View view = m.view();
        if (asJson) {
            return json.print(json.view(view, m.localMember()));
        }
        return "view " + view.id() + " of cluster '" + m.clusterName() + "': " + view.size() + " member(s), "
                + "coordinator " + view.coordinator().name() + "\n  " + String.join(", ", view.names());
    }

    @Descriptor("show discovery strategies: active and available ones, the seeds each found last round and its "
            + "last error")
    public String strategies(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean asJson) {
        Discovery d = discovery();
        StrategySelection selection = d.selection();
        List<StrategyStatus> all = d.strategies();
        if (asJson) {
            ObjectNode node = json.selection(selection);
            ArrayNode strategies = node.putArray("strategies");
            all.forEach(s -> strategies.add(json.strategy(s)));
            d.rejectedConfiguration().ifPresent(r -> node.put("rejected", r));
            return json.print(node);
        }
        StringBuilder out = new StringBuilder();
        out.append("active: ").append(selection.active().isEmpty() ? "none" : selection.active())
                .append(" (").append(selection.reason()).append(")\n");
        d.rejectedConfiguration().ifPresent(r -> out.append("refused: ").append(r).append('\n'));
        out.append(String.format("%-12s %-7s %-10s %-6s %-13s %-7s %s%n", "NAME", "ACTIVE", "AVAILABLE", "SEEDS",
                "LAST ROUND", "TOOK", "LAST ERROR"));
        for (StrategyStatus s : all) {
            out.append(String.format("%-12s %-7s %-10s %-6d %-13s %-7s %s%n", s.name(), yes(s.active()),
                    yes(s.available()), s.seeds().size(),
                    s.lastRound().map(t -> LocalTime.ofInstant(t, ZoneId.systemDefault()).format(CLOCK)).orElse("-"),
                    s.lastRound().isPresent() ? s.lastTook().toMillis() + "ms" : "-", s.lastError().orElse("-")));
            if (!s.seeds().isEmpty()) {
                out.append("             seeds: ").append(s.seeds().stream().map(Object::toString)
                        .collect(Collectors.joining(", "))).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    @Descriptor("summarise this node: identity, cluster, view, readiness, discovery, problems and uptime")
    public String status(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean asJson) {
        Membership m = membership();
        Discovery d = discovery;
        View view = m.view();
        Member local = m.localMember();
        Duration uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        String problem = m.problem().orElse(d == null ? null : d.rejectedConfiguration().orElse(null));
        SplitBrain guard = splitBrain;
        SplitBrainStatus sides = guard == null ? null : guard.status();
        boolean ready = sides == null || sides.keeping();
        String readiness = sides == null ? "the split-brain guard is not running"
                : (sides.keeping() ? "this side keeps running: " : "this side of a partition stopped its services: ")
                + sides.reason();
        if (asJson) {
            ObjectNode node = json.object();
            node.put("node", local.name());
            node.put("id", local.id());
            node.put("cluster", m.clusterName());
            node.put("address", ClusterJson.hostPort(local.address()));
            node.set("view", json.view(view, local));
            node.put("ready", ready);
            node.put("readyReason", readiness);
            if (d != null) {
                node.set("discovery", json.selection(d.selection()));
            }
            if (problem != null) {
                node.put("problem", problem);
            } else {
                node.putNull("problem");
            }
            node.put("uptimeMs", uptime.toMillis());
            node.put("java", Runtime.version().toString());
            return json.print(node);
        }
        return String.join("\n",
                line("node", local.name() + " (id " + local.id() + ")"),
                line("cluster", "'" + m.clusterName() + "', view " + view.id() + " with " + view.size()
                        + " member(s), coordinator " + view.coordinator().name()),
                line("transport", local.address().getPort() == 0 ? "off (single node)"
                        : ClusterJson.hostPort(local.address())),
                line("ready", (ready ? "yes" : "NO") + " (" + readiness + ")"),
                line("discovery", d == null ? "not running" : d.selection().active() + " (" + d.selection().reason()
                        + ")"),
                line("problems", problem == null ? "none" : problem),
                line("uptime", uptime.toHoursPart() + "h " + uptime.toMinutesPart() + "m " + uptime.toSecondsPart()
                        + "s"),
                line("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")"));
    }

    private Membership membership() {
        Membership m = membership;
        if (m == null) {
            throw new IllegalStateException("the cluster node is not running (is the io.foundation.core bundle "
                    + "active?)");
        }
        return m;
    }

    private Discovery discovery() {
        Discovery d = discovery;
        if (d == null) {
            throw new IllegalStateException("discovery is not running (is the io.foundation.core bundle active?)");
        }
        return d;
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String line(String label, String value) {
        return String.format("%-10s %s", label, value);
    }
}
