package com.example.strategy.etcd;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The calls this strategy makes to etcd's v3 HTTP/JSON gateway (grpc-gateway), over the JDK's HTTP client: grant,
 * keep alive and revoke a lease, put and delete a key, read every key under a prefix. Keys and values travel
 * base64-encoded and 64-bit numbers as JSON strings, as the gateway does.
 *
 * <p>The endpoints are tried in order, starting with the one that answered last; an endpoint that cannot be reached
 * or is not etcd is skipped, while one that answers with an error ends the call, since another member of the same
 * etcd cluster would answer the same. Safe for concurrent use; {@link #close()} ends its threads.
 */
final class EtcdGateway implements AutoCloseable {

    /** grpc's NOT_FOUND, which etcd answers for a lease that expired or was revoked. */
    static final int NOT_FOUND = 5;

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\..*");

    private final List<URI> endpoints;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    /** Per endpoint, the path under which its gateway serves the v3 API, learnt from its version. */
    private final Map<URI, String> apiRoots = new ConcurrentHashMap<>();
    private volatile int preferred;

    /** A key under the prefix that was read, with its raw value. */
    record KeyValue(String key, byte[] value) {
    }

    /** etcd answered, with an error. */
    static final class EtcdException extends IOException {

        private final int code;

        EtcdException(String message, int code) {
            super(message);
            this.code = code;
        }

        /** The grpc status code etcd gave, such as {@link #NOT_FOUND}; 0 if it gave none. */
        int code() {
            return code;
        }
    }

    EtcdGateway(List<URI> endpoints, Duration timeout) {
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "etcd-strategy-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    /** Grants a lease of {@code seconds} and returns its id. */
    long grant(long seconds) throws IOException {
        ObjectNode body = json.createObjectNode().put("TTL", Long.toString(seconds));
        return int64(call("lease/grant", body), "ID");
    }

    /** Renews {@code lease} and returns the seconds it has left; 0 if it no longer exists. */
    long keepAlive(long lease) throws IOException {
        JsonNode answer = call("lease/keepalive", json.createObjectNode().put("ID", Long.toString(lease)));
        JsonNode result = answer.path("result");
        return result.has("TTL") ? int64(result, "TTL") : 0;
    }

    /** Ends {@code lease}, which deletes every key attached to it; a lease already gone is not an error. */
    void revoke(long lease) throws IOException {
        try {
            call("lease/revoke", json.createObjectNode().put("ID", Long.toString(lease)));
        } catch (EtcdException e) {
            if (e.code() != NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Sets {@code key} to {@code value}, attached to {@code lease}. */
    void put(String key, String value, long lease) throws IOException {
        call("kv/put", json.createObjectNode().put("key", base64(key)).put("value", base64(value))
                .put("lease", Long.toString(lease)));
    }

    /** Every key that starts with {@code prefix}, in key order. */
    List<KeyValue> range(String prefix) throws IOException {
        JsonNode answer = call("kv/range",
                json.createObjectNode().put("key", base64(prefix)).put("range_end", base64(rangeEnd(prefix))));
        List<KeyValue> entries = new ArrayList<>();
        for (JsonNode kv : answer.path("kvs")) {
            try {
                entries.add(new KeyValue(new String(Base64.getDecoder().decode(kv.path("key").asText()),
                        StandardCharsets.UTF_8), Base64.getDecoder().decode(kv.path("value").asText(""))));
            } catch (IllegalArgumentException e) {
                throw new IOException("etcd answered kv/range with a key or value that is not base64: " + kv, e);
            }
        }
        return entries;
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    /**
     * The gateway's root for an etcd server of {@code version} (as its {@code /version} reports): {@code /v3} since
     * etcd 3.4, {@code /v3beta} in 3.3, {@code /v3alpha} before.
     *
     * @throws IllegalArgumentException if {@code version} is not an etcd 3 version
     */
    static String apiRoot(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.matches() || !m.group(1).equals("3")) {
            throw new IllegalArgumentException("etcd server version '" + version + "' has no v3 gateway");
        }
        int minor = Integer.parseInt(m.group(2));
        return minor >= 4 ? "/v3" : minor == 3 ? "/v3beta" : "/v3alpha";
    }

    /** The end of the range of keys that start with {@code prefix}: the prefix with its last byte plus one. */
    static byte[] rangeEnd(String prefix) {
        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(bytes, i + 1);
                end[i]++;
                return end;
            }
        }
        return new byte[] {0};
    }

    private static String base64(String text) {
        return base64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private JsonNode call(String operation, ObjectNode body) throws IOException {
        List<String> failures = new ArrayList<>();
        int first = preferred;
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (first + i) % endpoints.size();
            URI endpoint = endpoints.get(index);
            HttpResponse<String> response;
            try {
                URI uri = URI.create(endpoint + apiRoot(endpoint) + "/" + operation);
                response = send(HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failures.add(endpoint + " (" + describe(e) + ")");
                continue;
            }
            preferred = index;
            return answer(endpoint, operation, response);
        }
        throw new IOException("no etcd endpoint answered: " + String.join(", ", failures));
    }

    private String apiRoot(URI endpoint) throws IOException {
        String known = apiRoots.get(endpoint);
        if (known != null) {
            return known;
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint + "/version"))
                .timeout(timeout).GET().build());
        String version = null;
        try {
            version = json.readTree(response.body()).path("etcdserver").textValue();
        } catch (JsonProcessingException e) {
            // not JSON: reported below as not etcd
        }
        if (response.statusCode() != 200 || version == null) {
            String body = snippet(response.body());
            throw new IOException("not etcd: GET /version answered HTTP " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + body));
        }
        try {
            String root = apiRoot(version);
            apiRoots.put(endpoint, root);
            return root;
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while asking etcd at " + request.uri());
        }
    }

    private JsonNode answer(URI endpoint, String operation, HttpResponse<String> response) throws IOException {
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new EtcdException("etcd at " + endpoint + " answered " + operation + " with HTTP "
                    + response.statusCode() + " and no JSON: " + snippet(response.body()), 0);
        }
        JsonNode error = answer.path("error");
        if (response.statusCode() != 200 || !error.isMissingNode()) {
            // Unary calls carry {"error": text, "message": text, "code": n}; streamed ones (keepalive) nest it.
            JsonNode detail = error.isObject() ? error : answer;
            int code = detail.path(error.isObject() ? "grpc_code" : "code").asInt(0);
            String message = detail.path("message").asText(error.asText(""));
            throw new EtcdException("etcd at " + endpoint + " refused " + operation + ": " + message
                    + " (HTTP " + response.statusCode() + ", code " + code + ")", code);
        }
        return answer;
    }

    private static long int64(JsonNode parent, String field) throws IOException {
        JsonNode value = parent.path(field);
        try {
            if (value.isTextual()) {
                return Long.parseLong(value.textValue());
            }
            if (value.canConvertToLong()) {
                return value.longValue();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("etcd's answer has no number in '" + field + "': " + snippet(parent.toString()));
    }

    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + timeout.toMillis() + "ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + "ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String snippet(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "...";
    }
}
