package io.foundation.itests.consul;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;

/** One HTTP request to the fake and its answer: query parameters, body, and JSON or text responses. */
final class HttpCall {

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final HttpExchange exchange;
    private final Map<String, List<String>> query;
    private boolean answered;

    HttpCall(HttpExchange exchange) {
        this.exchange = exchange;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The decoded path, for example {@code /v1/health/service/web}. */
    String path() {
        return exchange.getRequestURI().getPath();
    }

    String rawQuery() {
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? "" : q;
    }

    /** The first value of a query parameter; an empty string for {@code ?passing}; null when absent. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** A boolean query parameter as Consul reads it: present without a value, or any value but false. */
    boolean flag(String name) {
        String value = param(name);
        return value != null && !value.equalsIgnoreCase("false") && !value.equals("0");
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The request body as JSON; an empty body is a JSON null. */
    JsonNode jsonBody() throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        return bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
    }

    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    void json(int status, Object value) throws IOException {
        header("Content-Type", "application/json");
        send(status, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    void text(int status, String message) throws IOException {
        header("Content-Type", "text/plain; charset=utf-8");
        send(status, message.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer with no body, as Consul gives to a successful PUT. */
    void ok() throws IOException {
        send(200, new byte[0]);
    }

    /** Ends the exchange; closing it without an answer drops the connection, as a dying agent would. */
    void close() {
        exchange.close();
        answered = true;
    }

    boolean answered() {
        return answered;
    }

    private void send(int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        answered = true;
    }

    /** A field of a JSON object looked up without regard to case, as Go's encoding/json (and so Consul) does. */
    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
