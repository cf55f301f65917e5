package io.foundation.shell.internal.cluster;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.foundation.api.probe.SenderReport;
import io.foundation.api.probe.TrafficProbe;
import io.foundation.api.probe.TrafficReport;

/** {@code foundation:traffic}: drives the node's traffic probe. */
@Component(service = TrafficCommands.class, property = {
        "osgi.command.scope=foundation",
        "osgi.command.function=traffic"})
public final class TrafficCommands {

    private final ObjectMapper mapper = new ObjectMapper();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TrafficProbe probe;

    @Descriptor("send a steady stream of numbered messages to every member over the cluster channel (start), stop "
            + "it (stop), or show what this node sent and received: per member, messages lost, duplicated and their "
            + "latency (report)")
    public String traffic(
            @Descriptor("messages per second, for start") @Parameter(names = "--rate", absentValue = "50") int rate,
            @Descriptor("bytes per message, for start") @Parameter(names = "--size", absentValue = "256") int size,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
            boolean json,
            @Descriptor("start, stop or report") String action) throws Exception {
        TrafficProbe p = probe;
        if (p == null) {
            throw new IllegalStateException("the traffic probe is not running (is the io.foundation.core bundle "
                    + "active?)");
        }
        switch (action) {
            case "start" -> p.start(rate, size);
            case "stop" -> p.stop();
            case "report" -> {
                return json ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(p.report()))
                        : text(p.report());
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': start, stop or report");
        }
        return text(p.report());
    }

    private ObjectNode toJson(TrafficReport report) {
        ObjectNode node = mapper.createObjectNode();
        node.put("sending", report.sending());
        node.put("sent", report.sent());
        node.put("lost", report.lost());
        node.put("duplicated", report.duplicated());
        ArrayNode senders = node.putArray("senders");
        for (SenderReport s : report.senders()) {
            ObjectNode sender = senders.addObject();
            sender.put("member", s.member());
            sender.put("first", s.first());
            sender.put("last", s.last());
            sender.put("received", s.received());
            sender.put("lost", s.lost());
            sender.put("duplicated", s.duplicated());
            sender.put("p50Micros", s.p50Micros());
            sender.put("p99Micros", s.p99Micros());
            sender.put("maxMicros", s.maxMicros());
        }
        return node;
    }

    private static String text(TrafficReport report) {
        StringBuilder out = new StringBuilder(String.format("sending %s, sent %d, lost %d, duplicated %d%n",
                report.sending() ? "yes" : "no", report.sent(), report.lost(), report.duplicated()));
        out.append(String.format("%-20s %10s %10s %10s %8s %10s %10s %10s%n", "FROM", "FIRST", "LAST", "RECEIVED",
                "LOST", "DUPLICATED", "P50 µs", "P99 µs"));
        for (SenderReport s : report.senders()) {
            out.append(String.format("%-20s %10d %10d %10d %8d %10d %10d %10d%n", s.member(), s.first(), s.last(),
                    s.received(), s.lost(), s.duplicated(), s.p50Micros(), s.p99Micros()));
        }
        return out.toString().stripTrailing();
    }
}
