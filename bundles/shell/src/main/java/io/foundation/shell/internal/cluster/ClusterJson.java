package io.foundation.shell.internal.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StrategySelection;
import io.foundation.api.cluster.StrategyStatus;
import io.foundation.api.cluster.View;

/** The JSON shapes of {@code --json} output; field names are part of the shell's contract with scripts. */
final class ClusterJson {

    private final ObjectMapper mapper = new ObjectMapper();

    ObjectNode member(Member m, Member local, View view) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", m.name());
        node.put("id", m.id());
        node.put("address", hostPort(m.address()));
        node.put("joinOrder", m.joinOrder());
        node.put("coordinator", m.equals(view.coordinator()));
        node.put("local", m.id().equals(local.id()) && m.address().equals(local.address()));
        ObjectNode attributes = node.putObject("attributes");
        m.attributes().forEach(attributes::put);
        return node;
    }

    ArrayNode members(View view, Member local) {
        ArrayNode array = mapper.createArrayNode();
        view.members().forEach(m -> array.add(member(m, local, view)));
        return array;
    }

    ObjectNode view(View view, Member local) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", view.id());
        node.put("size", view.size());
        node.put("coordinator", view.coordinator().name());
        node.set("members", members(view, local));
        return node;
    }

    ObjectNode selection(StrategySelection selection) {
        ObjectNode node = mapper.createObjectNode();
        selection.configured().forEach(node.putArray("configured")::add);
        selection.active().forEach(node.putArray("active")::add);
        node.put("reason", selection.reason());
        return node;
    }

    ObjectNode strategy(StrategyStatus s) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", s.name());
        node.put("active", s.active());
        node.put("available", s.available());
        ArrayNode seeds = node.putArray("seeds");
        s.seeds().stream().map(Seed::toString).forEach(seeds::add);
        if (s.lastRound().isPresent()) {
            node.put("lastRound", s.lastRound().get().toString());
        } else {
            node.putNull("lastRound");
        }
        node.put("lastTookMs", s.lastTook().toMillis());
        if (s.lastError().isPresent()) {
            node.put("lastError", s.lastError().get());
        } else {
            node.putNull("lastError");
        }
        return node;
    }

    /** {@code ip:port}, never a reverse-resolved host name. */
    static String hostPort(java.net.InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    String print(Object node) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
