package io.foundation.registry.ignite;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Health;

/**
 * An {@link Entry} as the JSON string the grid stores. Values cross the network as plain strings, so no member ever
 * deserializes a class chosen by another; a value that is not a valid entry is rejected with the field named.
 */
final class EntryJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryJson() {
    }

    static String write(Entry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", entry.id());
        node.put("name", entry.name());
        ArrayNode capabilities = node.putArray("capabilities");
        entry.capabilities().forEach(capabilities::add);
        ObjectNode metadata = node.putObject("metadata");
        entry.metadata().forEach(metadata::put);
        node.put("endpoint", entry.endpoint());
        node.put("owner", entry.owner());
        node.put("ownerName", entry.ownerName());
        node.put("health", entry.health().name());
        node.put("version", entry.version());
        return node.toString();
    }

    /** @throws IllegalArgumentException naming what is wrong if {@code json} is not an entry */
    static Entry read(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        TreeSet<String> capabilities = new TreeSet<>();
        node.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        Map<String, String> metadata = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("metadata").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            metadata.put(field.getKey(), field.getValue().asText());
        }
        Health health;
        try {
            health = Health.valueOf(node.path("health").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("health " + node.path("health") + " is not one of PASSING, WARNING, "
                    + "CRITICAL");
        }
        return new Entry(node.path("id").asText(null), node.path("name").asText(null), capabilities, metadata,
                node.path("endpoint").asText(""), node.path("owner").asText(null), node.path("ownerName").asText(null),
                health, node.path("version").asLong());
    }

    /** The owner of a stored entry, without building the entry; empty if the value has none. */
    static String owner(String json) {
        try {
            return JSON.readTree(json).path("owner").asText("");
        } catch (JsonProcessingException e) {
            return "";
        }
    }
}
