package io.foundation.strategy.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StaleSeedsException;
import io.foundation.itests.consul.Acl;
import io.foundation.itests.consul.ConsulFake;
import io.foundation.itests.consul.RecordedRequest;
import io.foundation.settings.Overrides;

/**
 * The strategy against the Consul test server (itests/consul-fake), which implements Consul's documented HTTP API
 * for what the strategy uses. Nodes are strategy instances with members on loopback ports; no node runs.
 */
class ConsulStrategyTest {

    private static final String CLUSTER = "c1";
    private static final String SERVICE = "foundation-c1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ConsulStrategy> strategies = new ArrayList<>();
    private ConsulFake fake;

    @BeforeEach
    void startFake() throws IOException {
        fake = ConsulFake.start(new ConsulFake.Options().otherDatacenters("dc2"));
    }

    @AfterEach
    void stop() {
        strategies.forEach(ConsulStrategy::deactivate);
        fake.close();
    }

    private ConsulStrategy strategy(Map<String, Object> extra) {
        return strategy(extra, Map.of());
    }

    private ConsulStrategy strategy(Map<String, Object> extra, Map<String, String> environment) {
        Map<String, Object> config = new HashMap<>(Map.of("consul.address", fake.url(), "consul.ttl", "2s"));
        config.putAll(extra);
        ConsulStrategy strategy = new ConsulStrategy(new Overrides(Map.of(), k -> null), environment, config);
        strategies.add(strategy);
        return strategy;
    }

    private static Member member(String name, int port) {
        return new Member("id-" + name, name, new InetSocketAddress("127.0.0.1", port), Map.of(), 0);
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50));
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(fake.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private long requests(String method, String pathPrefix) {
        return fake.requests().stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
                .count();
    }

    @Test
    void activationOpensNothingAndWithdrawalClosesWhatUseOpened() throws Exception {
        ConsulStrategy strategy = strategy(Map.of("consul.service", "activation-probe"));

        assertThat(fake.requests()).isEmpty();
        assertThat(threadsOf("activation-probe")).isEmpty();

        Member n1 = member("n1", 7800);
        strategy.advertise(CLUSTER, n1);
        assertThat(threadsOf("activation-probe")).isNotEmpty();
        strategy.withdraw(CLUSTER, n1);

        await().until(() -> threadsOf("activation-probe").isEmpty());
    }

    private static List<String> threadsOf(String service) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("foundation-consul-" + service)).toList();
    }

    @Test
    void theNodeIsRegisteredAsAnInstanceOfTheClustersServiceWithAPassingTtlCheck() throws Exception {
        strategy(Map.of("consul.tags", "blue,eu")).advertise(CLUSTER, member("n1", 7801));

        JsonNode entry = get("/v1/health/service/" + SERVICE + "?passing").get(0);
        assertThat(entry.at("/Service/ID").asText()).isEqualTo("id-n1");
        assertThat(entry.at("/Service/Address").asText()).isEqualTo("127.0.0.1");
        assertThat(entry.at("/Service/Port").asInt()).isEqualTo(7801);
        assertThat(entry.at("/Service/Meta/cluster").asText()).isEqualTo(CLUSTER);
        assertThat(entry.at("/Service/Meta/node").asText()).isEqualTo("n1");
        assertThat(entry.at("/Service/Tags").findValuesAsText("")).isEmpty();
        assertThat(entry.at("/Service/Tags").toString()).isEqualTo("[\"blue\",\"eu\"]");
        JsonNode check = entry.get("Checks").get(1);
        assertThat(check.get("CheckID").asText()).isEqualTo("service:id-n1");
        assertThat(check.get("Type").asText()).isEqualTo("ttl");
        assertThat(check.get("Status").asText()).isEqualTo("passing");
    }

    @Test
    void theTtlCheckIsKeptPassingByTheNodeWithoutFurtherDiscoveryRounds() throws Exception {
        strategy(Map.of()).advertise(CLUSTER, member("n1", 7802));

        Awaitility.await().during(Duration.ofMillis(4_500)).atMost(Duration.ofSeconds(8))
                .until(() -> fake.checkStatus("service:id-n1").orElse("gone").equals("passing"));
        assertThat(requests("PUT", "/v1/agent/check/pass/service:id-n1")).isGreaterThanOrEqualTo(5);
    }

    @Test
    void advertisingAgainWhenNothingChangedAsksTheAgentNothing() throws Exception {
        ConsulStrategy strategy = strategy(Map.of("consul.ttl", "1m"));
        Member n1 = member("n1", 7803);
        strategy.advertise(CLUSTER, n1);
        fake.clearRequests();

        for (int round = 0; round < 50; round++) {
            strategy.advertise(CLUSTER, n1);
        }

        assertThat(fake.requests()).noneMatch(r -> r.path().startsWith("/v1/agent/"));
    }

    @Test
    void aNodeWhoseTransportMovedIsRegisteredAgainWithItsNewAddress() throws Exception {
        ConsulStrategy strategy = strategy(Map.of());
        strategy.advertise(CLUSTER, member("n1", 7804));
        strategy.advertise(CLUSTER, member("n1", 7814));

        assertThat(get("/v1/catalog/service/" + SERVICE).findValuesAsText("ServicePort")).containsExactly("7814");
    }

    @Test
    void peersArePassingInstancesOfTheServiceOtherThanTheNodeItself() throws Exception {
        ConsulStrategy s1 = strategy(Map.of());
        ConsulStrategy s2 = strategy(Map.of());
        s1.advertise(CLUSTER, member("n1", 7805));
        s2.advertise(CLUSTER, member("n2", 7806));

        await().until(() -> s1.seeds(CLUSTER).contains(Seed.of("127.0.0.1", 7806)));
        assertThat(s1.seeds(CLUSTER)).containsExactly(Seed.of("127.0.0.1", 7806));
        assertThat(s2.seeds(CLUSTER)).containsExactly(Seed.of("127.0.0.1", 7805));
    }

    @Test
    void aFailingCheckHidesTheInstanceUntilItPassesAgain() throws Exception {
        ConsulStrategy s1 = strategy(Map.of());
        ConsulStrategy s2 = strategy(Map.of());
        s1.advertise(CLUSTER, member("n1", 7807));
        s2.advertise(CLUSTER, member("n2", 7808));
        await().until(() -> s1.seeds(CLUSTER).size() == 1);

        fake.pinCheck("service:id-n2", "critical", "disk full");
        await().until(() -> s1.seeds(CLUSTER).isEmpty());
        assertThat(get("/v1/catalog/service/" + SERVICE).findValuesAsText("ServiceID")).contains("id-n2");

        fake.unpinCheck("service:id-n2");
        await().until(() -> s1.seeds(CLUSTER).equals(List.of(Seed.of("127.0.0.1", 7808))));
    }

    @Test
    void aNodeThatCanNoLongerPassItsCheckDropsOutOfThePeersWhenItsTtlRunsOut() throws Exception {
        fake.acl().enable("allow");
        fake.acl().grant("n2-token", List.of());
        ConsulStrategy s1 = strategy(Map.of());
        ConsulStrategy s2 = strategy(Map.of("consul.token", "n2-token"));
        s1.advertise(CLUSTER, member("n1", 7809));
        s2.advertise(CLUSTER, member("n2", 7810));
        await().until(() -> s1.seeds(CLUSTER).size() == 1);

        fake.acl().revoke("n2-token");

        await().until(() -> fake.checkStatus("service:id-n2").orElseThrow().equals("critical"));
        await().until(() -> s1.seeds(CLUSTER).isEmpty());
        assertThat(get("/v1/health/service/" + SERVICE).findValuesAsText("Output")).contains("TTL expired");
    }

    @Test
    void instancesOfAnotherClusterRegisteredUnderTheSameServiceAreNotSeeds() throws Exception {
        ConsulStrategy s1 = strategy(Map.of("consul.service", "shared"));
        ConsulStrategy other = strategy(Map.of("consul.service", "shared"));
        s1.advertise(CLUSTER, member("n1", 7811));
        other.advertise("another", member("x1", 7812));
        fake.register("dc1", """
                {"ID": "legacy", "Name": "shared", "Address": "127.0.0.9", "Port": 7900,
                 "Check": {"TTL": "1m", "Status": "passing"}}""");

        await().until(() -> get("/v1/health/service/shared?passing").size() == 3);
        await().until(() -> s1.seeds(CLUSTER).equals(List.of(Seed.of("127.0.0.9", 7900))));
    }

    @Test
    void withdrawalDeregistersTheNode() throws Exception {
        ConsulStrategy strategy = strategy(Map.of());
        Member n1 = member("n1", 7813);
        strategy.advertise(CLUSTER, n1);

        strategy.withdraw(CLUSTER, n1);

        assertThat(get("/v1/catalog/service/" + SERVICE)).isEmpty();
        assertThat(requests("PUT", "/v1/agent/service/deregister/id-n1")).isEqualTo(1);
    }

    @Test
    void aCleanStopOfTheBundleDeregistersTheNode() throws Exception {
        ConsulStrategy strategy = strategy(Map.of());
        strategy.advertise(CLUSTER, member("n1", 7815));

        strategy.deactivate();

        assertThat(get("/v1/catalog/service/" + SERVICE)).isEmpty();
        assertThatThrownBy(() -> strategy.advertise(CLUSTER, member("n1", 7815))).hasMessageContaining("stopped");
    }

    @Test
    void aRegistrationTheAgentLostComesBack() throws Exception {
        strategy(Map.of()).advertise(CLUSTER, member("n1", 7816));

        fake.forgetAgentServices();

        await().until(() -> get("/v1/health/service/" + SERVICE + "?passing").size() == 1);
    }

    @Test
    void theAclTokenIsSentWithEveryRequestInTheHeader() throws Exception {
        fake.acl().enable("deny");
        fake.acl().grant("node-token", Acl.Rule.parseAll("service:write:foundation-,node:read:"));
        ConsulStrategy strategy = strategy(Map.of("consul.token", "node-token"));

        strategy.advertise(CLUSTER, member("n1", 7817));
        strategy.seeds(CLUSTER);

        assertThat(fake.requests()).isNotEmpty().allMatch(r -> r.token().equals("node-token"))
                .noneMatch(r -> r.query().contains("node-token"));
    }

    @Test
    void aTokenWithoutWritePermissionIsReportedWithWhatItNeeds() {
        fake.acl().enable("deny");
        fake.acl().grant("reader", Acl.Rule.parseAll("service:read:,node:read:"));
        ConsulStrategy strategy = strategy(Map.of("consul.token", "reader"));

        assertThatThrownBy(() -> strategy.advertise(CLUSTER, member("n1", 7818)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused to register service '" + SERVICE + "'")
                .hasMessageContaining("403 Permission denied")
                .hasMessageContaining("the ACL token from consul.token (configuration)")
                .hasMessageContaining("needs service:write on '" + SERVICE + "'")
                .hasMessageNotContaining("reader");
    }

    @Test
    void anUnknownOrRevokedTokenIsReportedAsSuch() throws Exception {
        fake.acl().enable("deny");
        fake.acl().grant("t1", Acl.Rule.parseAll("service:write:,node:read:"));
        ConsulStrategy strategy = strategy(Map.of(), Map.of("CONSUL_HTTP_TOKEN", "t1"));
        Member n1 = member("n1", 7819);
        strategy.advertise(CLUSTER, n1);
        await().until(() -> strategy.seeds(CLUSTER).isEmpty());

        // The held health query notices when it next wakes: here when the node's check expires, unrenewed.
        fake.acl().revoke("t1");

        await().untilAsserted(() -> assertThatThrownBy(() -> strategy.advertise(CLUSTER, n1))
                .hasMessageContaining("403 ACL not found")
                .hasMessageContaining("the ACL token from CONSUL_HTTP_TOKEN in the environment is unknown to Consul"));
        await().untilAsserted(() -> assertThatThrownBy(() -> strategy.seeds(CLUSTER))
                .isInstanceOf(StaleSeedsException.class).hasMessageContaining("ACL not found"));
    }

    @Test
    void theDatacenterIsPassedToTheHealthQuery() throws Exception {
        fake.register("dc2", """
                {"ID": "far", "Name": "foundation-c1", "Address": "127.0.0.2", "Port": 7820,
                 "Meta": {"cluster": "c1"}, "Check": {"TTL": "1m", "Status": "passing"}}""");
        ConsulStrategy local = strategy(Map.of());
        ConsulStrategy remote = strategy(Map.of("consul.datacenter", "dc2"));
        local.advertise(CLUSTER, member("n1", 7821));

        await().until(() -> remote.seeds(CLUSTER).equals(List.of(Seed.of("127.0.0.2", 7820))));
        await().until(() -> local.seeds(CLUSTER).isEmpty());
        assertThat(fake.requests()).filteredOn(r -> r.path().startsWith("/v1/health/"))
                .extracting(RecordedRequest::datacenter).contains("dc2", "");
    }

    @Test
    void anUnknownDatacenterIsReportedFromSeeds() {
        ConsulStrategy strategy = strategy(Map.of("consul.datacenter", "mars"));

        await().untilAsserted(() -> assertThatThrownBy(() -> strategy.seeds(CLUSTER))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered 500 when asked to list the passing instances of '" + SERVICE
                        + "' in datacenter mars: No path to datacenter"));
    }

    @Test
    void whileTheAgentIsDownTheLastSeedsAreKeptAndTheOutageIsReported() throws Exception {
        ConsulStrategy s1 = strategy(Map.of());
        ConsulStrategy s2 = strategy(Map.of());
        Member n1 = member("n1", 7822);
        s1.advertise(CLUSTER, n1);
        s2.advertise(CLUSTER, member("n2", 7823));
        await().until(() -> s1.seeds(CLUSTER).size() == 1);

        fake.suspend();

        await().untilAsserted(() -> assertThatThrownBy(() -> s1.seeds(CLUSTER))
                .isInstanceOfSatisfying(StaleSeedsException.class, stale -> assertThat(stale.lastKnown())
                        .containsExactly(Seed.of("127.0.0.1", 7823)))
                .hasMessageContaining("Consul agent at " + fake.url() + " unreachable"));
        await().untilAsserted(() -> assertThatThrownBy(() -> s1.advertise(CLUSTER, n1))
                .hasMessageContaining("unreachable when asked to renew the TTL check"));

        fake.resume();

        await().until(() -> {
            try {
                s1.advertise(CLUSTER, n1);
                return s1.seeds(CLUSTER).equals(List.of(Seed.of("127.0.0.1", 7823)));
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void anAgentThatNeverAnsweredIsAnErrorNotAnEmptyList() throws Exception {
        fake.suspend();
        ConsulStrategy strategy = strategy(Map.of());

        assertThatThrownBy(() -> strategy.seeds(CLUSTER)).isInstanceOf(IOException.class)
                .isNotInstanceOf(StaleSeedsException.class).hasMessageContaining("Consul agent at " + fake.url());
        assertThatThrownBy(() -> strategy.advertise(CLUSTER, member("n1", 7824)))
                .hasMessageContaining("unreachable when asked to register service '" + SERVICE + "'");
    }

    @Test
    void aRegistrationThatFailsIsRetriedAtMostEveryThirdOfTheTtl() {
        fake.acl().enable("deny");
        ConsulStrategy strategy = strategy(Map.of("consul.ttl", "30s"));
        Member n1 = member("n1", 7825);

        for (int round = 0; round < 20; round++) {
            assertThatThrownBy(() -> strategy.advertise(CLUSTER, n1)).hasMessageContaining("403");
        }

        assertThat(requests("PUT", "/v1/agent/service/register")).isEqualTo(1);
    }

    @Test
    void changedSettingsRegisterTheNodeAgainOnTheNextRound() throws Exception {
        ConsulStrategy strategy = strategy(Map.of());
        Member n1 = member("n1", 7826);
        strategy.advertise(CLUSTER, n1);

        strategy.modified(Map.of("consul.address", fake.url(), "consul.ttl", "2s", "consul.service", "renamed"));
        assertThat(get("/v1/catalog/service/" + SERVICE)).isEmpty();
        strategy.advertise(CLUSTER, n1);

        assertThat(get("/v1/catalog/service/renamed").findValuesAsText("ServiceID")).containsExactly("id-n1");
    }

    @Test
    void aBadChangeIsRefusedAndTheLastGoodSettingsStayInUse() throws Exception {
        ConsulStrategy strategy = strategy(Map.of());
        Member n1 = member("n1", 7827);

        strategy.modified(Map.of("consul.address", "unix:///run/consul.sock", "consul.ttl", "2s"));

        assertThat(strategy.configurationProblem()).hasValueSatisfying(p -> assertThat(p)
                .contains("consul.address=unix:///run/consul.sock is a Unix socket"));
        strategy.advertise(CLUSTER, n1);
        assertThat(get("/v1/catalog/service/" + SERVICE)).hasSize(1);
    }

    @Test
    void autoDetectsAConfiguredAgentAddressAndSaysWhereItCameFrom() {
        ConsulStrategy configured = new ConsulStrategy(new Overrides(Map.of(), k -> null), Map.of(),
                Map.of("consul.address", "http://10.0.0.7:8500"));
        ConsulStrategy fromConsulEnv = new ConsulStrategy(new Overrides(Map.of(), k -> null),
                Map.of("CONSUL_HTTP_ADDR", "127.0.0.1:8500"), Map.of());
        ConsulStrategy fromFoundationEnv = new ConsulStrategy(
                new Overrides(Map.of("FOUNDATION_CONSUL_ADDRESS", "http://10.0.0.8:8500"), k -> null), Map.of(),
                Map.of());
        ConsulStrategy nothing = new ConsulStrategy(new Overrides(Map.of(), k -> null), Map.of(), Map.of());
        ConsulStrategy broken = new ConsulStrategy(new Overrides(Map.of(), k -> null),
                Map.of("CONSUL_HTTP_ADDR", "unix:///run/consul.sock"), Map.of());

        assertThat(configured.detect())
                .contains("Consul agent at http://10.0.0.7:8500 from consul.address (configuration)");
        assertThat(fromConsulEnv.detect())
                .contains("Consul agent at http://127.0.0.1:8500 from CONSUL_HTTP_ADDR in the environment");
        assertThat(fromFoundationEnv.detect()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("environment FOUNDATION_CONSUL_ADDRESS"));
        assertThat(nothing.detect()).isEmpty();
        assertThat(broken.detect()).isEmpty();
        assertThat(broken.configurationProblem()).hasValueSatisfying(p -> assertThat(p).startsWith("CONSUL_HTTP_ADDR"));
        assertThat(nothing.configurationProblem()).isEmpty();
    }
}
