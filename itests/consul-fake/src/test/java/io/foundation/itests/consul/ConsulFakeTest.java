package io.foundation.itests.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The fake against the behaviour Consul's API documentation describes, spoken to over plain HTTP. */
class ConsulFakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB = """
            {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 8080, "Tags": ["blue"],
             "Meta": {"cluster": "c"},
             "Check": {"TTL": "1s", "Status": "passing", "DeregisterCriticalServiceAfter": "1m"}}""";

    private final HttpClient http = HttpClient.newHttpClient();
    private ConsulFake fake;

    @BeforeEach
    void start() throws IOException {
        fake = ConsulFake.start(new ConsulFake.Options().otherDatacenters("dc2"));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Consul-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return send("PUT", path, body, null);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static long index(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("X-Consul-Index").orElseThrow());
    }

    @Test
    void registeredServiceIsListedByHealthAndCatalogInConsulsShapes() throws Exception {
        assertThat(put("/v1/agent/service/register", WEB).statusCode()).isEqualTo(200);

        HttpResponse<String> health = get("/v1/health/service/web?passing");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(index(health)).isPositive();
        JsonNode entry = json(health).get(0);
        assertThat(entry.at("/Service/ID").asText()).isEqualTo("web-1");
        assertThat(entry.at("/Service/Service").asText()).isEqualTo("web");
        assertThat(entry.at("/Service/Address").asText()).isEqualTo("10.0.0.1");
        assertThat(entry.at("/Service/Port").asInt()).isEqualTo(8080);
        assertThat(entry.at("/Service/Meta/cluster").asText()).isEqualTo("c");
        assertThat(entry.at("/Node/Datacenter").asText()).isEqualTo("dc1");
        assertThat(entry.get("Checks").findValuesAsText("CheckID")).containsExactly("serfHealth", "service:web-1");

        assertThat(json(get("/v1/catalog/services")).get("web").get(0).asText()).isEqualTo("blue");
        JsonNode catalog = json(get("/v1/catalog/service/web")).get(0);
        assertThat(catalog.get("ServiceID").asText()).isEqualTo("web-1");
        assertThat(catalog.get("ServicePort").asInt()).isEqualTo(8080);
    }

    @Test
    void fieldNamesAreMatchedWithoutRegardToCaseAsConsulsDecoderDoes() throws Exception {
        put("/v1/agent/service/register", """
                {"Id": "w2", "name": "web", "port": 1, "check": {"ttl": "10s", "status": "passing"}}""");

        assertThat(json(get("/v1/health/service/web?passing")).get(0).at("/Service/ID").asText()).isEqualTo("w2");
    }

    @Test
    void onlyTtlChecksAreAcceptedAndBadInputIsRefusedWithConsulsMessages() throws Exception {
        HttpResponse<String> http = put("/v1/agent/service/register", """
                {"Name": "web", "Check": {"HTTP": "http://x/health", "Interval": "10s"}}""");
        assertThat(http.statusCode()).isEqualTo(400);
        assertThat(http.body()).contains("TTL checks only");
        assertThat(put("/v1/agent/service/register", "{\"Port\": 1}").body()).isEqualTo("Missing service name");
        assertThat(get("/v1/agent/service/register").statusCode()).isEqualTo(405);
    }

    @Test
    void aTtlCheckNotPassedInTimeTurnsCriticalAndHidesTheInstanceFromPassingQueries() throws Exception {
        put("/v1/agent/service/register", WEB);

        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> fake.checkStatus("service:web-1").orElseThrow().equals("critical"));
        assertThat(json(get("/v1/health/service/web?passing"))).isEmpty();
        JsonNode all = json(get("/v1/health/service/web")).get(0).get("Checks").get(1);
        assertThat(all.get("Status").asText()).isEqualTo("critical");
        assertThat(all.get("Output").asText()).isEqualTo("TTL expired");

        assertThat(put("/v1/agent/check/pass/service:web-1?note=back", null).statusCode()).isEqualTo(200);
        assertThat(json(get("/v1/health/service/web?passing"))).hasSize(1);
    }

    @Test
    void checkUpdatesNeedPutAKnownCheckAndAValidStatus() throws Exception {
        put("/v1/agent/service/register", WEB);

        assertThat(get("/v1/agent/check/pass/service:web-1").statusCode()).isEqualTo(405);
        HttpResponse<String> unknown = put("/v1/agent/check/pass/service:nope", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).startsWith("Unknown check ID \"service:nope\"");
        assertThat(put("/v1/agent/check/update/service:web-1", "{\"Status\": \"dead\"}").statusCode())
                .isEqualTo(400);
        assertThat(put("/v1/agent/check/update/service:web-1", "{\"Status\": \"warning\", \"Output\": \"slow\"}")
                .statusCode()).isEqualTo(200);
        assertThat(fake.checkStatus("service:web-1")).contains("warning");
        assertThat(json(get("/v1/health/service/web?passing"))).isEmpty();
    }

    @Test
    void aBlockingQueryWaitsForAChangeAndAnswersWithTheNewIndex() throws Exception {
        long before = index(get("/v1/health/service/web"));
        CompletableFuture<HttpResponse<String>> blocked = http.sendAsync(HttpRequest.newBuilder(
                URI.create(fake.url() + "/v1/health/service/web?passing&index=" + before + "&wait=30s")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(blocked).isNotDone();

        put("/v1/agent/service/register", WEB);

        HttpResponse<String> answer = blocked.get();
        assertThat(index(answer)).isGreaterThan(before);
        assertThat(json(answer)).hasSize(1);
    }

    @Test
    void aBlockingQueryWithoutChangeReturnsAfterItsWaitWithTheSameIndex() throws Exception {
        long before = index(get("/v1/health/service/web"));
        long started = System.nanoTime();

        HttpResponse<String> answer = get("/v1/health/service/web?index=" + before + "&wait=300ms");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(index(answer)).isEqualTo(before);
    }

    @Test
    void aTtlPassThatChangesNothingDoesNotWakeBlockingQueries() throws Exception {
        put("/v1/agent/service/register", WEB.replace("\"1s\"", "\"1m\""));
        long before = index(get("/v1/health/service/web"));

        put("/v1/agent/check/pass/service:web-1", null);

        assertThat(index(get("/v1/health/service/web"))).isEqualTo(before);
        assertThat(fake.index()).isEqualTo(before);
    }

    @Test
    void deregisteringRemovesTheServiceAndItsChecks() throws Exception {
        put("/v1/agent/service/register", WEB);

        assertThat(put("/v1/agent/service/deregister/web-1", null).statusCode()).isEqualTo(200);

        assertThat(json(get("/v1/catalog/service/web"))).isEmpty();
        assertThat(fake.checkStatus("service:web-1")).isEmpty();
        assertThat(put("/v1/agent/service/deregister/web-1", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aServiceCriticalForItsDeregisterAfterIsRemoved() throws Exception {
        put("/v1/agent/service/register", WEB.replace("\"1m\"", "\"500ms\""));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> json(get("/v1/catalog/service/web")).isEmpty());
    }

    @Test
    void aclsRefuseUnknownTokensAndWritesWithoutPermissionAndFilterReads() throws Exception {
        fake.acl().enable("deny");
        fake.acl().grant("writer", Acl.Rule.parseAll("service:write:web,node:read:"));
        fake.acl().grant("blind", Acl.Rule.parseAll("service:write:web"));

        HttpResponse<String> unknown = send("PUT", "/v1/agent/service/register", WEB, "nobody");
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).isEqualTo("ACL not found");
        HttpResponse<String> anonymous = put("/v1/agent/service/register", WEB);
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("lacks permission 'service:write' on \"web\"");

        assertThat(send("PUT", "/v1/agent/service/register", WEB, "writer").statusCode()).isEqualTo(200);
        assertThat(json(send("GET", "/v1/health/service/web", null, "writer"))).hasSize(1);
        HttpResponse<String> blind = send("GET", "/v1/health/service/web", null, "blind");
        assertThat(json(blind)).isEmpty();
        assertThat(blind.headers().firstValue("X-Consul-Results-Filtered-By-ACLs")).contains("true");

        fake.acl().revoke("writer");
        assertThat(send("PUT", "/v1/agent/check/pass/service:web-1", null, "writer").statusCode()).isEqualTo(403);
    }

    @Test
    void theTokenIsAlsoTakenFromABearerHeaderOrTheQuery() throws Exception {
        fake.acl().enable("deny");
        fake.acl().grant("s3cret", Acl.Rule.parseAll("service:write:"));

        assertThat(put("/v1/agent/service/register?token=s3cret", WEB).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(fake.url() + "/v1/agent/service/deregister/web-1"))
                .header("Authorization", "Bearer s3cret").PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(fake.requests()).extracting(RecordedRequest::token).containsExactly("s3cret", "s3cret");
    }

    @Test
    void theDcParameterReadsAnotherDatacentersCatalog() throws Exception {
        put("/v1/agent/service/register", WEB);
        fake.register("dc2", """
                {"ID": "web-9", "Name": "web", "Address": "10.0.9.1", "Port": 1, "Check": {"TTL": "1m",
                 "Status": "passing"}}""");

        assertThat(json(get("/v1/health/service/web?passing&dc=dc2")).findValuesAsText("ID"))
                .contains("web-9").doesNotContain("web-1");
        HttpResponse<String> unknown = get("/v1/health/service/web?dc=mars");
        assertThat(unknown.statusCode()).isEqualTo(500);
        assertThat(unknown.body()).isEqualTo("No path to datacenter");
        assertThat(fake.requests()).extracting(RecordedRequest::datacenter).contains("dc2", "mars");
    }

    @Test
    void aSuspendedFakeRefusesConnectionsAndKeepsItsRegistrationsForWhenItResumes() throws Exception {
        put("/v1/agent/service/register", WEB.replace("\"1s\"", "\"1m\""));

        fake.suspend();
        assertThatThrownBy(() -> get("/v1/health/service/web")).isInstanceOf(ConnectException.class);
        fake.resume();

        assertThat(json(get("/v1/health/service/web?passing"))).hasSize(1);
    }

    @Test
    void testControlsPinACheckForgetRegistrationsAndSwitchAclsOverHttp() throws Exception {
        put("/v1/agent/service/register", WEB.replace("\"1s\"", "\"1m\""));

        assertThat(put("/test/check/service:web-1?status=critical", null).statusCode()).isEqualTo(200);
        put("/v1/agent/check/pass/service:web-1", null);
        assertThat(fake.checkStatus("service:web-1")).contains("critical");
        send("DELETE", "/test/check/service:web-1", null, null);
        put("/v1/agent/check/pass/service:web-1", null);
        assertThat(fake.checkStatus("service:web-1")).contains("passing");

        put("/test/acl?default=deny", null);
        put("/test/acl/token/t1?rules=service:read:,node:read:", null);
        assertThat(send("GET", "/v1/health/service/web", null, "t1").body()).contains("web-1");
        assertThat(put("/v1/agent/check/pass/service:web-1", null).statusCode()).isEqualTo(403);
        send("DELETE", "/test/acl", null, null);

        send("DELETE", "/test/agent/services", null, null);
        assertThat(json(get("/v1/catalog/services"))).isEmpty();
        List<JsonNode> recorded = List.of(json(get("/test/requests")));
        assertThat(recorded.get(0).findValuesAsText("path")).contains("/v1/agent/check/pass/service:web-1");
    }
}
