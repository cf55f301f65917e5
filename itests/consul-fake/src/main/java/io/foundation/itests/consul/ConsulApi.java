package io.foundation.itests.consul;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.foundation.itests.consul.Acl.Access;
import io.foundation.itests.consul.Acl.Denied;
import io.foundation.itests.consul.Acl.Token;
import io.foundation.itests.consul.Datacenter.Check;
import io.foundation.itests.consul.Datacenter.CheckDefinition;
import io.foundation.itests.consul.Datacenter.Entry;
import io.foundation.itests.consul.Datacenter.Node;
import io.foundation.itests.consul.Datacenter.Service;
import io.foundation.itests.consul.Datacenter.ServiceDefinition;

/**
 * The Consul HTTP endpoints the fake implements, with Consul's documented paths, methods, parameters, JSON shapes,
 * headers and status codes:
 * <ul>
 *   <li>{@code PUT /v1/agent/service/register} (TTL checks only), {@code PUT /v1/agent/service/deregister/:id}</li>
 *   <li>{@code PUT /v1/agent/check/pass|warn|fail/:check_id?note=}, {@code PUT /v1/agent/check/update/:check_id}</li>
 *   <li>{@code GET /v1/health/service/:service?passing&tag&dc}</li>
 *   <li>{@code GET /v1/catalog/services?dc}, {@code GET /v1/catalog/service/:service?tag&dc}</li>
 * </ul>
 * Reads are blocking queries ({@code index}, {@code wait} up to 10 minutes, default 5, plus up to wait/16 of
 * jitter) and answer with {@code X-Consul-Index}. With ACLs on, writes need {@code service:write} and reads show
 * only what the token may read ({@code X-Consul-Results-Filtered-By-ACLs: true} when something was hidden).
 */
final class ConsulApi {

    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);
    private static final List<String> OTHER_CHECK_TYPES = List.of("HTTP", "TCP", "UDP", "GRPC", "Args", "Script",
            "DockerContainerID", "H2PING", "AliasService", "AliasNode", "OSService", "Shell");

    private final Datacenter local;
    private final Map<String, Datacenter> datacenters;
    private final Acl acl;

    /** Thrown to answer a request with an error status and Consul's message. */
    private static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    ConsulApi(Datacenter local, Map<String, Datacenter> datacenters, Acl acl) {
        this.local = local;
        this.datacenters = datacenters;
        this.acl = acl;
    }

    /** The token a request carries, in Consul's order: X-Consul-Token, Authorization: Bearer, ?token=. */
    static String tokenOf(HttpCall call) {
        String header = call.header("X-Consul-Token");
        if (header != null && !header.isEmpty()) {
            return header;
        }
        String authorization = call.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String param = call.param("token");
        return param == null ? "" : param;
    }

    void handle(HttpCall call) throws IOException, Datacenter.Interrupted, InterruptedException {
        String path = call.path();
        try {
            Optional<Token> token = acl.resolve(tokenOf(call));
            if (path.equals("/v1/agent/service/register")) {
                requirePut(call);
                register(call, token, local);
            } else if (path.startsWith("/v1/agent/service/deregister/")) {
                requirePut(call);
                deregister(call, token, rest(path, "/v1/agent/service/deregister/"));
            } else if (path.startsWith("/v1/agent/check/update/")) {
                requirePut(call);
                JsonNode body = call.jsonBody();
                updateCheck(call, token, rest(path, "/v1/agent/check/update/"), text(body, "Status", ""),
                        text(body, "Output", ""));
            } else if (path.matches("/v1/agent/check/(pass|warn|fail)/.+")) {
                requirePut(call);
                int from = "/v1/agent/check/".length();
                String verb = path.substring(from, path.indexOf('/', from));
                String status = switch (verb) {
                    case "pass" -> Datacenter.PASSING;
                    case "warn" -> Datacenter.WARNING;
                    default -> Datacenter.CRITICAL;
                };
                String note = call.param("note");
                updateCheck(call, token, rest(path, "/v1/agent/check/" + verb + "/"), status,
                        note == null ? "" : note);
            } else if (path.startsWith("/v1/health/service/")) {
                requireGet(call);
                health(call, token, rest(path, "/v1/health/service/"));
            } else if (path.equals("/v1/catalog/services")) {
                requireGet(call);
                catalogServices(call, token);
            } else if (path.startsWith("/v1/catalog/service/")) {
                requireGet(call);
                catalogService(call, token, rest(path, "/v1/catalog/service/"));
            } else {
                throw new Refusal(404, "404 page not found (the fake implements only the endpoints listed in "
                        + "itests/consul-fake/README.md)");
            }
        } catch (Denied e) {
            call.text(403, e.getMessage());
        } catch (Refusal e) {
            call.text(e.status, e.getMessage());
        }
    }

    /** The fake's test control: registers a service straight into {@code dc}'s catalog, without ACL checks. */
    void registerInto(HttpCall call, Datacenter dc) throws IOException {
        try {
            register(call, Optional.empty(), dc);
        } catch (Refusal e) {
            call.text(e.status, e.getMessage());
        } catch (Denied e) {
            call.text(403, e.getMessage());
        }
    }

    private void register(HttpCall call, Optional<Token> token, Datacenter dc) throws IOException, Refusal, Denied {
        ServiceDefinition def = serviceDefinition(call.jsonBody());
        acl.require(token, "service", def.name(), Access.WRITE);
        dc.register(def, call.flag("replace-existing-checks"));
        call.ok();
    }

    private void deregister(HttpCall call, Optional<Token> token, String serviceId)
            throws IOException, Refusal, Denied {
        Service service = local.service(serviceId);
        if (service == null) {
            throw new Refusal(404, "Unknown service ID \"" + serviceId
                    + "\". Ensure that the service ID is passed, not the service name.");
        }
        acl.require(token, "service", service.name(), Access.WRITE);
        local.deregister(serviceId);
        call.ok();
    }

    private void updateCheck(HttpCall call, Optional<Token> token, String checkId, String status, String output)
            throws IOException, Refusal, Denied {
        if (!Datacenter.STATUSES.contains(status)) {
            throw new Refusal(400, "Invalid check status: '" + status + "'");
        }
        Check check = local.check(checkId);
        if (check == null) {
            throw new Refusal(404, "Unknown check ID \"" + checkId
                    + "\". Ensure that the check ID is passed, not the check name.");
        }
        acl.require(token, "service", check.serviceName(), Access.WRITE);
        if (local.updateCheck(checkId, status, output) == Datacenter.Update.NOT_TTL) {
            throw new Refusal(500, "CheckID \"" + checkId + "\" does not have associated TTL");
        }
        call.ok();
    }

    private void health(HttpCall call, Optional<Token> token, String service)
            throws IOException, Refusal, Datacenter.Interrupted, InterruptedException {
        Datacenter dc = datacenter(call);
        boolean passing = call.flag("passing");
        List<String> tags = call.params("tag");
        blockingRead(call, dc, () -> {
            List<Map<String, Object>> out = new ArrayList<>();
            boolean filtered = false;
            for (Entry e : dc.health(service, tags, passing)) {
                if (readable(token, e.node(), e.service())) {
                    out.add(healthJson(dc, e));
                } else {
                    filtered = true;
                }
            }
            return new Read(out, filtered);
        });
    }

    private void catalogServices(HttpCall call, Optional<Token> token)
            throws IOException, Refusal, Datacenter.Interrupted, InterruptedException {
        Datacenter dc = datacenter(call);
        blockingRead(call, dc, () -> {
            Map<String, Object> out = new LinkedHashMap<>();
            boolean filtered = false;
            for (Map.Entry<String, List<String>> e : dc.serviceNames().entrySet()) {
                if (acl.allows(token, "service", e.getKey(), Access.READ)) {
                    out.put(e.getKey(), e.getValue());
                } else {
                    filtered = true;
                }
            }
            return new Read(out, filtered);
        });
    }

    private void catalogService(HttpCall call, Optional<Token> token, String service)
            throws IOException, Refusal, Datacenter.Interrupted, InterruptedException {
        Datacenter dc = datacenter(call);
        List<String> tags = call.params("tag");
        blockingRead(call, dc, () -> {
            List<Map<String, Object>> out = new ArrayList<>();
            boolean filtered = false;
            for (Entry e : dc.health(service, tags, false)) {
                if (readable(token, e.node(), e.service())) {
                    out.add(catalogJson(dc, e.node(), e.service()));
                } else {
                    filtered = true;
                }
            }
            return new Read(out, filtered);
        });
    }

    /** What a read found, and whether ACLs hid part of it. */
    private record Read(Object body, boolean filtered) {
    }

    /** Runs a read as a blocking query: waits for the index to pass {@code ?index=}, then reads atomically. */
    private void blockingRead(HttpCall call, Datacenter dc, Supplier<Read> read)
            throws IOException, Refusal, Datacenter.Interrupted, InterruptedException {
        long minIndex = parseIndex(call.param("index"));
        if (minIndex > 0) {
            Duration wait = parseWait(call.param("wait"));
            long jitter = ThreadLocalRandom.current().nextLong(wait.toNanos() / 16 + 1);
            dc.awaitAfter(minIndex, System.nanoTime() + wait.toNanos() + jitter);
        }
        Read result;
        long index;
        synchronized (dc) {
            result = read.get();
            index = dc.index();
        }
        call.header("X-Consul-Index", Long.toString(index));
        call.header("X-Consul-KnownLeader", "true");
        call.header("X-Consul-LastContact", "0");
        if (result.filtered) {
            call.header("X-Consul-Results-Filtered-By-ACLs", "true");
        }
        call.json(200, result.body);
    }

    private boolean readable(Optional<Token> token, Node node, Service service) {
        return acl.allows(token, "service", service.name(), Access.READ)
                && acl.allows(token, "node", node.name(), Access.READ);
    }

    private Datacenter datacenter(HttpCall call) throws Refusal {
        String name = call.param("dc");
        if (name == null || name.isEmpty()) {
            return local;
        }
        Datacenter dc = datacenters.get(name);
        if (dc == null) {
            throw new Refusal(500, "No path to datacenter");
        }
        return dc;
    }

    private static long parseIndex(String text) throws Refusal {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new Refusal(400, "Invalid index");
        }
    }

    private static Duration parseWait(String text) throws Refusal {
        if (text == null || text.isEmpty()) {
            return DEFAULT_WAIT;
        }
        try {
            Duration wait = GoDuration.parse(text);
            return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "Invalid wait time");
        }
    }

    private static void requirePut(HttpCall call) throws Refusal {
        if (!call.method().equals("PUT")) {
            throw new Refusal(405, "method " + call.method() + " not allowed");
        }
    }

    private static void requireGet(HttpCall call) throws Refusal {
        if (!call.method().equals("GET")) {
            throw new Refusal(405, "method " + call.method() + " not allowed");
        }
    }

    private static String rest(String path, String prefix) throws Refusal {
        String rest = path.substring(prefix.length());
        if (rest.isEmpty()) {
            throw new Refusal(400, "Missing " + (prefix.contains("check") ? "check" : "service") + " ID");
        }
        return rest;
    }

    // ---- request bodies, read case-insensitively as Consul's Go decoder does ----

    /**
     * Reads a registration body as the agent's register endpoint does.
     *
     * @throws IllegalArgumentException with Consul's message when the endpoint would refuse it
     */
    static ServiceDefinition definitionOf(String json) {
        try {
            return serviceDefinition(HttpCall.JSON.readTree(json));
        } catch (Refusal e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Request decode failed: " + e.getMessage(), e);
        }
    }

    private static ServiceDefinition serviceDefinition(JsonNode body) throws Refusal {
        if (body == null || !body.isObject()) {
            throw new Refusal(400, "Request decode failed: the body must be a JSON object");
        }
        String name = text(body, "Name", "");
        if (name.isEmpty()) {
            throw new Refusal(400, "Missing service name");
        }
        String id = text(body, "ID", name);
        String address = text(body, "Address", "");
        if (address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            throw new Refusal(400, "Invalid service address");
        }
        JsonNode portNode = HttpCall.field(body, "Port");
        if (portNode != null && !portNode.isNull() && !portNode.canConvertToInt()) {
            throw new Refusal(400, "Request decode failed: Port must be a number");
        }
        int port = portNode == null ? 0 : portNode.asInt();
        List<JsonNode> checkNodes = new ArrayList<>();
        JsonNode single = HttpCall.field(body, "Check");
        if (single != null && single.isObject() && single.size() > 0) {
            checkNodes.add(single);
        }
        JsonNode many = HttpCall.field(body, "Checks");
        if (many != null && many.isArray()) {
            many.forEach(checkNodes::add);
        }
        List<CheckDefinition> checks = new ArrayList<>();
        for (int i = 0; i < checkNodes.size(); i++) {
            String defaultId = "service:" + id + (checkNodes.size() > 1 ? ":" + (i + 1) : "");
            checks.add(checkDefinition(checkNodes.get(i), defaultId, name));
        }
        Map<String, Integer> weights = new LinkedHashMap<>(Map.of("Passing", 1, "Warning", 1));
        JsonNode w = HttpCall.field(body, "Weights");
        if (w != null && w.isObject()) {
            weights.put("Passing", HttpCall.field(w, "Passing") == null ? 1 : HttpCall.field(w, "Passing").asInt());
            weights.put("Warning", HttpCall.field(w, "Warning") == null ? 1 : HttpCall.field(w, "Warning").asInt());
        }
        JsonNode eto = HttpCall.field(body, "EnableTagOverride");
        return new ServiceDefinition(id, name, address, port, strings(HttpCall.field(body, "Tags")),
                stringMap(HttpCall.field(body, "Meta")), eto != null && eto.asBoolean(), weights, checks);
    }

    private static CheckDefinition checkDefinition(JsonNode node, String defaultId, String serviceName)
            throws Refusal {
        for (String other : OTHER_CHECK_TYPES) {
            JsonNode value = HttpCall.field(node, other);
            if (value != null && !value.isNull() && !value.asText().isEmpty()) {
                throw new Refusal(400, "the fake agent runs TTL checks only; this check has " + other);
            }
        }
        Duration ttl = duration(node, "TTL");
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new Refusal(400, "Must provide TTL or Script/DockerContainerID/HTTP/TCP and Interval");
        }
        String status = text(node, "Status", "");
        if (!status.isEmpty() && !Datacenter.STATUSES.contains(status)) {
            throw new Refusal(400, "Status for checks must 'passing', 'warning', 'critical'");
        }
        String id = text(node, "CheckID", text(node, "ID", defaultId));
        return new CheckDefinition(id, text(node, "Name", "Service '" + serviceName + "' check"), ttl,
                status.isEmpty() ? null : status, text(node, "Notes", ""),
                duration(node, "DeregisterCriticalServiceAfter"));
    }

    private static Duration duration(JsonNode node, String field) throws Refusal {
        JsonNode value = HttpCall.field(node, field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        if (value.isNumber()) {
            return Duration.ofNanos(value.asLong());
        }
        try {
            return GoDuration.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "Request decode failed: " + field + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = HttpCall.field(node, field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    // ---- response bodies, in the shapes of Consul's API documentation ----

    private static Map<String, Object> healthJson(Datacenter dc, Entry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Node", nodeJson(dc, e.node()));
        out.put("Service", serviceJson(e.service()));
        out.put("Checks", e.checks().stream().map(c -> checkJson(e.node(), c,
                c.serviceId().isEmpty() ? List.of() : e.service().tags())).toList());
        return out;
    }

    private static Map<String, Object> nodeJson(Datacenter dc, Node node) {
        Map<String, Object> out = nodeFields(dc, node);
        out.put("Meta", Map.of("consul-network-segment", ""));
        out.put("CreateIndex", 1);
        out.put("ModifyIndex", 1);
        return out;
    }

    /** The fields that name a node, first in both the node and the catalog service JSON. */
    private static Map<String, Object> nodeFields(Datacenter dc, Node node) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", node.id());
        out.put("Node", node.name());
        out.put("Address", node.address());
        out.put("Datacenter", dc.name());
        out.put("TaggedAddresses", taggedAddresses(node.address()));
        return out;
    }

    private static Map<String, Object> serviceJson(Service s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", s.id());
        out.put("Service", s.name());
        out.put("Tags", s.tags());
        out.put("Address", s.address());
        out.put("Meta", s.meta());
        out.put("Port", s.port());
        out.put("Weights", s.weights());
        out.put("EnableTagOverride", s.enableTagOverride());
        out.put("CreateIndex", s.createIndex());
        out.put("ModifyIndex", s.modifyIndex());
        return out;
    }

    private static Map<String, Object> checkJson(Node node, Check c, List<String> serviceTags) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Node", node.name());
        out.put("CheckID", c.id());
        out.put("Name", c.name());
        out.put("Status", c.status());
        out.put("Notes", c.notes());
        out.put("Output", c.output());
        out.put("ServiceID", c.serviceId());
        out.put("ServiceName", c.serviceName());
        out.put("ServiceTags", serviceTags);
        out.put("Type", c.ttl() == null ? "" : "ttl");
        out.put("Interval", "");
        out.put("Timeout", "");
        out.put("ExposedPort", 0);
        out.put("Definition", Map.of());
        out.put("CreateIndex", c.createIndex());
        out.put("ModifyIndex", c.modifyIndex());
        return out;
    }

    private static Map<String, Object> catalogJson(Datacenter dc, Node node, Service s) {
        Map<String, Object> out = nodeFields(dc, node);
        out.put("NodeMeta", Map.of("consul-network-segment", ""));
        out.put("ServiceKind", "");
        out.put("ServiceID", s.id());
        out.put("ServiceName", s.name());
        out.put("ServiceTags", s.tags());
        out.put("ServiceAddress", s.address());
        out.put("ServiceTaggedAddresses", Map.of());
        out.put("ServiceWeights", s.weights());
        out.put("ServiceMeta", s.meta());
        out.put("ServicePort", s.port());
        out.put("ServiceEnableTagOverride", s.enableTagOverride());
        out.put("ServiceProxy", Map.of());
        out.put("ServiceConnect", Map.of());
        out.put("CreateIndex", s.createIndex());
        out.put("ModifyIndex", s.modifyIndex());
        return out;
    }

    private static Map<String, String> taggedAddresses(String address) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("lan", address);
        out.put("lan_ipv4", address);
        out.put("wan", address);
        out.put("wan_ipv4", address);
        return out;
    }
}
