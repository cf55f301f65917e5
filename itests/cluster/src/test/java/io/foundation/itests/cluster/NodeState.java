package io.foundation.itests.cluster;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one place that knows the JSON the shell prints for the chaos suite's questions. The shapes read here mirror
 * the API records ({@code ServiceState}, {@code Entry}, {@code SplitBrainStatus}):
 * <pre>
 * foundation:services --json     {"services": [{"name": "chaos.fast", "placement": {"": "n1"},
 *                                               "local": {"": {"state": "RUNNING", ...}}, ...}, ...]}
 * foundation:registry --json     {"entries": [{"id": "...", "name": "chaos.entry", "ownerName": "n2", ...}, ...]}
 * foundation:split-brain --json  {"policy": "keep-majority", "keeping": true, ...}
 * </pre>
 * A bare array instead of the wrapping object is read as well. A singleton's key {@code ""} reads as {@code -},
 * the journal's spelling.
 */
final class NodeState {

    static final String SERVICES = "foundation:services --json";
    static final String REGISTRY = "foundation:registry --json";
    static final String SPLIT_BRAIN = "foundation:split-brain --json";

    private NodeState() {
    }

    /**
     * One distributed service as a node reports it.
     *
     * @param placement key to the member that should run it
     * @param local     key to the state of this node's instance
     */
    record Service(String name, Map<String, String> placement, Map<String, String> local) {

        Set<String> runningKeys() {
            Set<String> keys = new TreeSet<>();
            local.forEach((key, state) -> {
                if (state.equals("RUNNING")) {
                    keys.add(key);
                }
            });
            return keys;
        }
    }

    static Map<String, Service> services(JsonNode json) {
        Map<String, Service> services = new TreeMap<>();
        for (JsonNode s : list(json, "services")) {
            Map<String, String> placement = new TreeMap<>();
            fields(s.path("placement")).forEach(e -> placement.put(key(e.getKey()), e.getValue().asText()));
            Map<String, String> local = new TreeMap<>();
            fields(s.path("local")).forEach(e -> local.put(key(e.getKey()), e.getValue().isObject()
                    ? e.getValue().path("state").asText() : e.getValue().asText()));
            services.put(s.path("name").asText(), new Service(s.path("name").asText(), placement, local));
        }
        return services;
    }

    static Set<String> registryIds(JsonNode json) {
        Set<String> ids = new TreeSet<>();
        list(json, "entries").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    static boolean keeping(JsonNode json) {
        JsonNode keeping = json.path("keeping");
        if (!keeping.isBoolean()) {
            throw new IllegalArgumentException("no boolean 'keeping' in " + json);
        }
        return keeping.asBoolean();
    }

    private static Iterable<JsonNode> list(JsonNode json, String field) {
        JsonNode array = json.isArray() ? json : json.path(field);
        if (!array.isArray()) {
            throw new IllegalArgumentException("no array '" + field + "' in " + json);
        }
        return array;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            fields.add(it.next());
        }
        return fields;
    }

    private static String key(String key) {
        return key.isEmpty() ? "-" : key;
    }
}
