package io.foundation.strategy.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.foundation.settings.Parsed;

/** Reading consul.* settings and Consul's environment variables, and refusing what cannot work. */
class ConsulSettingsTest {

    private static Parsed<ConsulSettings> read(Map<String, ?> config, Map<String, String> env) {
        return ConsulSettings.read(config, env, Map.of(), ConsulSettings.DEFAULT);
    }

    private static ConsulSettings settings(Map<String, ?> config, Map<String, String> env) {
        Parsed<ConsulSettings> parsed = read(config, env);
        assertThat(parsed.problems()).isEmpty();
        return parsed.settings();
    }

    @Test
    void defaultsAreTheLocalAgentATenSecondTtlAndServiceFoundationDashCluster() {
        ConsulSettings s = settings(Map.of(), Map.of());

        assertThat(s.address()).isEqualTo(URI.create("http://127.0.0.1:8500"));
        assertThat(s.addressOrigin()).isEmpty();
        assertThat(s.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.deregisterAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.token()).isEmpty();
        assertThat(s.datacenter()).isEmpty();
        assertThat(s.serviceFor("prod")).isEqualTo("foundation-prod");
        assertThat(s.serviceFor("My_Cluster.eu")).isEqualTo("foundation-my-cluster-eu");
    }

    @Test
    void addressesAreReadAsConsulsToolsReadThem() {
        assertThat(ConsulSettings.parseAddress("10.0.0.5:8500", false)).isEqualTo(URI.create("http://10.0.0.5:8500"));
        assertThat(ConsulSettings.parseAddress("consul.local", true)).isEqualTo(URI.create("https://consul.local:443"));
        assertThat(ConsulSettings.parseAddress("http://consul.local", false))
                .isEqualTo(URI.create("http://consul.local:80"));
        assertThat(ConsulSettings.parseAddress("https://[::1]:8501/", false))
                .isEqualTo(URI.create("https://[::1]:8501"));
        assertThat(ConsulSettings.parseAddress("http://proxy:8080/consul/", false))
                .isEqualTo(URI.create("http://proxy:8080/consul"));
        assertThatThrownBy(() -> ConsulSettings.parseAddress("unix:///var/run/consul.sock", false))
                .hasMessageContaining("Unix socket");
        assertThatThrownBy(() -> ConsulSettings.parseAddress("ftp://x:21", false)).hasMessageContaining("scheme 'ftp'");
        assertThatThrownBy(() -> ConsulSettings.parseAddress("http://:8500", false)).hasMessageContaining("no host");
        assertThatThrownBy(() -> ConsulSettings.parseAddress("http://a b", false))
                .hasMessageContaining("not an address");
    }

    @Test
    void consulsEnvironmentVariablesAreDefaultsBelowFoundationsOwnSettings() {
        Map<String, String> env = Map.of("CONSUL_HTTP_ADDR", "10.1.1.1:8500", "CONSUL_HTTP_TOKEN", "env-token");

        ConsulSettings fromEnv = settings(Map.of(), env);
        assertThat(fromEnv.address()).isEqualTo(URI.create("http://10.1.1.1:8500"));
        assertThat(fromEnv.addressOrigin()).contains("CONSUL_HTTP_ADDR in the environment");
        assertThat(fromEnv.token()).contains("env-token");
        assertThat(fromEnv.tokenOrigin()).isEqualTo("CONSUL_HTTP_TOKEN in the environment");

        ConsulSettings configured = ConsulSettings.read(
                Map.of("consul.address", "http://10.2.2.2:8500", "consul.token", "cfg-token"), env,
                Map.of("consul.address", "environment FOUNDATION_CONSUL_ADDRESS", "consul.token", "configuration"),
                ConsulSettings.DEFAULT).settings();
        assertThat(configured.address()).isEqualTo(URI.create("http://10.2.2.2:8500"));
        assertThat(configured.addressOrigin())
                .contains("consul.address (environment FOUNDATION_CONSUL_ADDRESS)");
        assertThat(configured.token()).contains("cfg-token");
        assertThat(configured.tokenOrigin()).isEqualTo("consul.token (configuration)");
    }

    @Test
    void consulHttpSslTurnsASchemelessAddressIntoHttps() {
        assertThat(settings(Map.of(), Map.of("CONSUL_HTTP_ADDR", "c:8501", "CONSUL_HTTP_SSL", "true")).address())
                .isEqualTo(URI.create("https://c:8501"));
    }

    @Test
    void everyKeyIsRead() {
        ConsulSettings s = settings(Map.of("consul.service", "peers", "consul.datacenter", "eu-1", "consul.ttl", "3s",
                "consul.deregister-after", "5m", "consul.tags", "a, b"), Map.of());

        assertThat(s.serviceFor("any")).isEqualTo("peers");
        assertThat(s.datacenter()).contains("eu-1");
        assertThat(s.ttl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.deregisterAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.tags()).containsExactly("a", "b");
    }

    @Test
    void badValuesAreReportedByNameAndThePreviousValuesStay() {
        ConsulSettings previous = settings(Map.of("consul.address", "http://10.0.0.1:8500", "consul.service", "peers",
                "consul.datacenter", "dc1", "consul.ttl", "5s"), Map.of());
        Map<String, Object> bad = new HashMap<>(Map.of("consul.address", "unix:///tmp/consul.sock",
                "consul.service", "a/b", "consul.datacenter", "dc 2", "consul.ttl", "200ms",
                "consul.deregister-after", "10s"));

        Parsed<ConsulSettings> parsed = ConsulSettings.read(bad, Map.of(), Map.of(), previous);

        assertThat(parsed.settings().address()).isEqualTo(previous.address());
        assertThat(parsed.settings().service()).contains("peers");
        assertThat(parsed.settings().datacenter()).contains("dc1");
        assertThat(parsed.settings().ttl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parsed.settings().deregisterAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parsed.problems()).hasSize(5);
        assertThat(String.join("\n", parsed.problems()))
                .contains("consul.address=unix:///tmp/consul.sock is a Unix socket")
                .contains("consul.service=a/b is not a Consul service name")
                .contains("consul.datacenter=dc 2 is not a Consul datacenter name")
                .contains("consul.ttl=200ms must be between 1000ms")
                .contains("consul.deregister-after=10s must be between 60000ms");
    }

    @Test
    void anEmptyServiceNameIsAProblemNotTheDefault() {
        Parsed<ConsulSettings> parsed = read(Map.of("consul.service", " "), Map.of());

        assertThat(parsed.problems()).singleElement().asString().contains("consul.service").contains("is empty");
    }

    @Test
    void anUnusableConsulHttpAddrIsReportedUnderItsOwnName() {
        Parsed<ConsulSettings> parsed = read(Map.of(), Map.of("CONSUL_HTTP_ADDR", "unix:///run/consul.sock"));

        assertThat(parsed.problems()).singleElement().asString().startsWith("CONSUL_HTTP_ADDR=unix:///run/consul.sock");
        assertThat(parsed.settings().address()).isEqualTo(ConsulSettings.DEFAULT.address());
    }

    @Test
    void theTokenNeverAppearsInTheSettingsDescription() {
        ConsulSettings s = settings(Map.of("consul.token", "s3cret-token"), Map.of());

        assertThat(s.toString()).doesNotContain("s3cret-token").contains("token from consul.token");
        assertThat(s.token()).isEqualTo(Optional.of("s3cret-token"));
    }
}
