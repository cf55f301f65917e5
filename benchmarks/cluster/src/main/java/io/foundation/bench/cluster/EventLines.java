package io.foundation.bench.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON lines a peer node prints on stdout, one per event:
 * {"event":"ready","t":...}, {"event":"view","t":...,"size":n,"members":[...],"coordinator":"n1"},
 * {"event":"terminated","t":...}, {"event":"singleton","t":...,"node":"n2"} (a cluster singleton
 * started on node n2). Anything else on stdout (engine banners) is ignored.
 */
public final class EventLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLines() {
    }

    public static String format(NodeEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event", e.kind().name().toLowerCase());
        o.put("t", e.t());
        if (e.isView()) {
            o.put("size", e.size());
            e.members().forEach(o.putArray("members")::add);
            if (e.coordinator() != null) {
                o.put("coordinator", e.coordinator());
            }
        }
        if (e.kind() == NodeEvent.Kind.SINGLETON) {
            o.put("node", e.detail());
        }
        return o.toString();
    }

    /** The event on this line, or empty when the line is not one of ours. */
    public static Optional<NodeEvent> parse(String line) {
        String s = line.strip();
        if (!s.startsWith("{\"event\"")) {
            return Optional.empty();
        }
        JsonNode o;
        try {
            o = JSON.readTree(s);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        long t = o.path("t").asLong(System.currentTimeMillis());
        switch (o.path("event").asText()) {
            case "ready":
                return Optional.of(NodeEvent.ready(t));
            case "terminated":
                return Optional.of(NodeEvent.terminated(t));
            case "singleton":
                return Optional.of(NodeEvent.singleton(t, o.path("node").asText()));
            case "view":
                List<String> members = new ArrayList<>();
                o.path("members").forEach(m -> members.add(m.asText()));
                JsonNode coord = o.get("coordinator");
                return Optional.of(NodeEvent.view(t, members, coord == null || coord.isNull() ? null : coord.asText()));
            default:
                return Optional.empty();
        }
    }

    /** Prints an event for the harness; whole lines only, even from several threads. */
    public static synchronized void announce(NodeEvent e) {
        System.out.println(format(e));
        System.out.flush();
    }

    public static void announceReady() {
        announce(NodeEvent.ready(System.currentTimeMillis()));
    }

    public static void announceView(List<String> members, String coordinator) {
        announce(NodeEvent.view(System.currentTimeMillis(), members, coordinator));
    }

    /** A cluster singleton started on {@code node}. */
    public static void announceSingleton(String node) {
        announce(NodeEvent.singleton(System.currentTimeMillis(), node));
    }

    public static void announceTerminated() {
        announce(NodeEvent.terminated(System.currentTimeMillis()));
    }
}
