package io.foundation.itests.k8s;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plays the scheduler and the kubelet against {@link FakeKubernetes} (or any API server that lets it): plain HTTP
 * with JSON through the JDK's client, so a test needs only this class on its class path. Each method is one or two
 * of the requests below ({@code $NS}, {@code $POD} as given); any answer other than 2xx throws.
 *
 * <pre>
 * create    POST   /api/v1/namespaces/$NS/pods                      (application/json)
 *           {"apiVersion":"v1","kind":"Pod","metadata":{"name":"$POD","namespace":"$NS","labels":{...}},
 *            "spec":{"containers":[{"name":"node","image":"foundation"}]},"status":{"phase":"Pending"}}
 * ready     PATCH  /api/v1/namespaces/$NS/pods/$POD/status          (application/merge-patch+json)
 *           {"status":{"phase":"Running","podIP":"$IP","conditions":[{"type":"Ready","status":"True"}]}}
 * notReady  PATCH  /api/v1/namespaces/$NS/pods/$POD/status          (application/merge-patch+json)
 *           {"status":{"conditions":[{"type":"Ready","status":"False"}]}}
 * terminate PATCH  /api/v1/namespaces/$NS/pods/$POD                 (application/merge-patch+json)
 *           {"metadata":{"finalizers":["foundation.test/grace"]}}
 *           DELETE /api/v1/namespaces/$NS/pods/$POD                 (stays, with metadata.deletionTimestamp set)
 * delete    PATCH  /api/v1/namespaces/$NS/pods/$POD                 (application/merge-patch+json)
 *           {"metadata":{"finalizers":null}}                        (a terminating pod goes)
 *           DELETE /api/v1/namespaces/$NS/pods/$POD                 (404 ignored: already gone)
 * </pre>
 */
public final class FakePods {

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param url the API server, as {@link FakeKubernetes} prints it: {@code http://127.0.0.1:6443} */
    public FakePods(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A pod as the scheduler leaves it before the kubelet starts it: Pending, no IP, not ready. */
    public void create(String namespace, String name, Map<String, String> labels) throws IOException {
        String labelJson = labels.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        send("POST", pods(namespace), "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{"
                + "\"name\":" + quote(name) + ",\"namespace\":" + quote(namespace) + ",\"labels\":" + labelJson + "},"
                + "\"spec\":{\"containers\":[{\"name\":\"node\",\"image\":\"foundation\"}]},"
                + "\"status\":{\"phase\":\"Pending\"}}", false);
    }

    /** Running on {@code ip} with its readiness probe passing: a seed for the k8s strategy. */
    public void ready(String namespace, String name, String ip) throws IOException {
        send("PATCH", pods(namespace) + "/" + name + "/status", "application/merge-patch+json",
                "{\"status\":{\"phase\":\"Running\",\"podIP\":" + quote(ip) + ",\"conditions\":[{\"type\":\"Ready\","
                        + "\"status\":\"True\"}]}}", false);
    }

    /** Still running, readiness probe failing: not a seed. */
    public void notReady(String namespace, String name) throws IOException {
        send("PATCH", pods(namespace) + "/" + name + "/status", "application/merge-patch+json",
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}", false);
    }

    /** Deleted but still there, Terminating (a finalizer holds it as the grace period would): not a seed. */
    public void terminate(String namespace, String name) throws IOException {
        send("PATCH", pods(namespace) + "/" + name, "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":[\"foundation.test/grace\"]}}", false);
        send("DELETE", pods(namespace) + "/" + name, null, null, false);
    }

    /** Gone, whether it was terminating or not. */
    public void delete(String namespace, String name) throws IOException {
        send("PATCH", pods(namespace) + "/" + name, "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":null}}", true);
        send("DELETE", pods(namespace) + "/" + name, null, null, true);
    }

    /** The pods of {@code namespace} as the API server lists them (JSON), for assertions and debugging. */
    public String list(String namespace) throws IOException {
        return send("GET", pods(namespace), null, null, false);
    }

    private String pods(String namespace) {
        return url + "/api/v1/namespaces/" + namespace + "/pods";
    }

    private String send(String method, String uri, String contentType, String body, boolean missingIsFine)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int code = response.statusCode();
            if (code / 100 == 2 || code == 404 && missingIsFine) {
                return response.body();
            }
            throw new IOException(method + " " + uri + " answered " + code + ": " + response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " " + uri + " interrupted", e);
        }
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
