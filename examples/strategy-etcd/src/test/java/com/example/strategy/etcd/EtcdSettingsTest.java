package com.example.strategy.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EtcdSettingsTest {

    @Test
    void withNothingConfiguredTheDefaultsApply() {
        EtcdSettings s = EtcdSettings.read(Map.of(), Map.of());

        assertThat(s.endpoints()).containsExactly(URI.create("http://127.0.0.1:2379"));
        assertThat(s.prefix()).isEqualTo("/foundation");
        assertThat(s.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.key("prod", "4f1c")).isEqualTo("/foundation/prod/4f1c");
        assertThat(s.clusterPrefix("prod")).isEqualTo("/foundation/prod/");
    }

    @Test
    void theFileIsReadAndAListMayComeAsTextOrArray() {
        EtcdSettings s = EtcdSettings.read(Map.of("endpoints", "http://10.0.0.1:2379, https://etcd.example.com:2379/",
                "prefix", "/apps/discovery/", "lease.ttl", "30s", "request.timeout", "1s"), Map.of());

        assertThat(s.endpoints()).containsExactly(URI.create("http://10.0.0.1:2379"),
                URI.create("https://etcd.example.com:2379"));
        assertThat(s.key("prod", "n1")).isEqualTo("/apps/discovery/prod/n1");
        assertThat(s.leaseSeconds()).isEqualTo(30);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(EtcdSettings.read(Map.of("endpoints", new String[] {"http://a:1", "http://b:2"}), Map.of())
                .endpoints()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
        assertThat(EtcdSettings.read(Map.of("endpoints", List.of("http://a:1")), Map.of()).endpoints())
                .containsExactly(URI.create("http://a:1"));
    }

    @Test
    void anEnvironmentVariableOverridesTheFile() {
        EtcdSettings s = EtcdSettings.read(Map.of("endpoints", "http://file:2379", "lease.ttl", "30s"),
                Map.of("FOUNDATION_ETCD_ENDPOINTS", "http://env:2379", "FOUNDATION_ETCD_LEASE_TTL", "5s"));

        assertThat(s.endpoints()).containsExactly(URI.create("http://env:2379"));
        assertThat(s.leaseSeconds()).isEqualTo(5);
        assertThat(EtcdSettings.environmentName("request.timeout")).isEqualTo("FOUNDATION_ETCD_REQUEST_TIMEOUT");
    }

    @Test
    void everyBadEndpointIsNamedWithWhereItCameFrom() {
        assertThatThrownBy(() -> EtcdSettings.read(Map.of("endpoints", "localhost:2379"), Map.of()))
                .hasMessage("endpoints=localhost:2379 (configuration com.example.strategy.etcd): 'localhost:2379' "
                        + "must start with http:// or https:// (an etcd client URL such as http://127.0.0.1:2379)");
        assertThatThrownBy(() -> EtcdSettings.read(Map.of(), Map.of("FOUNDATION_ETCD_ENDPOINTS", "http://")))
                .hasMessageStartingWith("endpoints=http:// (environment FOUNDATION_ETCD_ENDPOINTS): 'http://' "
                        + "is not a URL");
        assertThatThrownBy(() -> EtcdSettings.read(Map.of("endpoints", "http://h:2379/v3/kv"), Map.of()))
                .hasMessageContaining("'http://h:2379/v3/kv' must be only scheme, host and port");
        assertThatThrownBy(() -> EtcdSettings.read(Map.of("endpoints", "http://[::1:2379"), Map.of()))
                .hasMessageContaining("'http://[::1:2379' is not a URL");
        assertThatThrownBy(() -> EtcdSettings.read(Map.of("endpoints", " , "), Map.of()))
                .hasMessageContaining("endpoints=, (configuration com.example.strategy.etcd): no endpoint given");
    }

    @Test
    void badDurationsAndPrefixesAreRefusedTogether() {
        assertThatThrownBy(() -> EtcdSettings.read(Map.of("prefix", "foundation", "lease.ttl", "2500ms",
                "request.timeout", "soon"), Map.of()))
                .hasMessage("prefix=foundation (configuration com.example.strategy.etcd): must start with '/' and "
                        + "contain no spaces; lease.ttl=2500ms (configuration com.example.strategy.etcd): etcd leases "
                        + "count whole seconds; request.timeout=soon (configuration com.example.strategy.etcd): not a "
                        + "duration (such as 500ms, 10s or 1m; a bare number is ms)");
        assertThatThrownBy(() -> EtcdSettings.read(Map.of("lease.ttl", "1s"), Map.of()))
                .hasMessageContaining("lease.ttl=1s (configuration com.example.strategy.etcd): must be between 2s "
                        + "and 60m");
    }

    @Test
    void aClusterNameOrNodeIdWithASlashCannotBeAKey() {
        EtcdSettings s = EtcdSettings.read(Map.of(), Map.of());

        assertThatThrownBy(() -> s.clusterPrefix("a/b")).hasMessage("cluster name 'a/b' cannot be part of an etcd key");
        assertThatThrownBy(() -> s.key("prod", "../x")).hasMessage("node id '../x' cannot be part of an etcd key");
    }
}
