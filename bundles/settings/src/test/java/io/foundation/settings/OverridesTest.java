package io.foundation.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OverridesTest {

    @Test
    void propertyBeatsEnvironmentBeatsFile() {
        Overrides overrides = new Overrides(Map.of("FOUNDATION_CLUSTER", "dns", "FOUNDATION_CLUSTER_NAME", "env"),
                key -> key.equals("foundation.cluster.name") ? "property" : null);
        Map<String, Object> effective = overrides.apply(Map.of("cluster", "static", "cluster.name", "file",
                "bind.port", "7900"), List.of("cluster", "cluster.name", "bind.port"));
        assertThat(effective).containsEntry("cluster", "dns").containsEntry("cluster.name", "property")
                .containsEntry("bind.port", "7900");
        assertThat(overrides.sourceOf("cluster")).isEqualTo("environment FOUNDATION_CLUSTER");
        assertThat(overrides.sourceOf("cluster.name")).isEqualTo("property foundation.cluster.name");
        assertThat(overrides.sourceOf("bind.port")).isEqualTo("configuration");
    }

    @Test
    void foundationSeedsIsShortForStaticSeeds() {
        Overrides overrides = new Overrides(Map.of("FOUNDATION_SEEDS", "a:1,b:2"), key -> null);
        assertThat(overrides.apply(Map.of(), List.of("static.seeds"))).containsEntry("static.seeds", "a:1,b:2");
        assertThat(overrides.sourceOf("static.seeds")).isEqualTo("environment FOUNDATION_SEEDS");
        assertThat(Overrides.envName("dns.name")).isEqualTo("FOUNDATION_DNS_NAME");
        assertThat(Overrides.envName("consul.deregister-after")).isEqualTo("FOUNDATION_CONSUL_DEREGISTER_AFTER");
    }
}
