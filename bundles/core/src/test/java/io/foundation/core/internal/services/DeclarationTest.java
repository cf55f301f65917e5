package io.foundation.core.internal.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.foundation.api.services.Distributed;

class DeclarationTest {

    private static Declaration read(String policy, Object... properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            map.put((String) properties[i], properties[i + 1]);
        }
        return Declaration.read("com.example.Billing", 7, new String[] {"com.example.Billing"}, policy, map);
    }

    @Test
    void aSingletonAsBndWritesIt() {
        Declaration d = read("require", Declaration.MODE, "SINGLETON", Declaration.GUARANTEE, "STRICT",
                Declaration.HANDOFF, 2500L, "custom", "x");
        assertThat(d.problem()).isEmpty();
        assertThat(d.mode()).contains(Distributed.Mode.SINGLETON);
        assertThat(d.strict()).isTrue();
        assertThat(d.handoffMs()).isEqualTo(2500);
        assertThat(d.pid()).isEqualTo("com.example.Billing");
        assertThat(d.properties()).containsEntry("custom", "x");
    }

    @Test
    void modesAndGuaranteesAreReadCaseInsensitively() {
        Declaration d = read("require", Declaration.MODE, "partitioned", Declaration.KEYS,
                new String[] {"eu", "us"}, Declaration.PARTITIONS, 2, Declaration.ROLES, new String[] {"db"},
                Declaration.GUARANTEE, "fast");
        assertThat(d.problem()).isEmpty();
        assertThat(d.keys()).containsExactly("0", "1", "eu", "us");
        assertThat(d.roles()).containsExactly("db");
        assertThat(d.handoffMs()).isEqualTo(5000);
    }

    @Test
    void twoModesAreRefused() {
        Declaration d = read("require", Declaration.MODE, new String[] {"SINGLETON", "PARTITIONED"});
        assertThat(d.valid()).isFalse();
        assertThat(d.mode()).isEmpty();
        assertThat(d.problem().orElseThrow()).contains("com.example.Billing").contains("several modes");
    }

    @Test
    void unknownOrEmptyModesAreRefused() {
        assertThat(read("require", Declaration.MODE, "everywhere").problem().orElseThrow())
                .contains("unknown mode 'everywhere'");
        assertThat(read("require", Declaration.MODE, new String[0]).problem().orElseThrow()).contains("empty");
    }

    @Test
    void aComponentThatWouldRunWithoutConfigurationIsRefused() {
        assertThat(read("optional", Declaration.MODE, "SINGLETON").problem().orElseThrow())
                .contains("configurationPolicy = REQUIRE");
    }

    @Test
    void aPartitionedServiceNeedsKeys() {
        assertThat(read("require", Declaration.MODE, "PARTITIONED").problem().orElseThrow())
                .contains("needs keys");
        assertThat(read("require", Declaration.MODE, "PARTITIONED", Declaration.PARTITIONS, -1).problem()
                .orElseThrow()).contains("partitions must be 0..65536");
    }

    @Test
    void badGuaranteesPoliciesAndHandoffsAreRefused() {
        assertThat(read("require", Declaration.MODE, "SINGLETON", Declaration.GUARANTEE, "eventually").problem()
                .orElseThrow()).contains("unknown guarantee 'eventually'");
        assertThat(read("require", Declaration.MODE, "SINGLETON", Declaration.POLICY, "keep-everything").problem()
                .orElseThrow()).contains("unknown split-brain policy");
        assertThat(read("require", Declaration.MODE, "SINGLETON", Declaration.POLICY, "static-quorum").problem()
                .orElseThrow()).contains("needs a size");
        assertThat(read("require", Declaration.MODE, "SINGLETON", Declaration.HANDOFF, -5L).problem()
                .orElseThrow()).contains("handoff must be >= 0 ms, was -5");
        assertThat(read("require", Declaration.MODE, "SINGLETON", Declaration.POLICY, "static-quorum:2").problem())
                .isEmpty();
    }

    @Test
    void equalDeclarationsWithArraysAreTheSame() {
        Declaration a = read("require", Declaration.MODE, "PARTITIONED", Declaration.KEYS, new String[] {"x"});
        Declaration b = read("require", Declaration.MODE, "PARTITIONED", Declaration.KEYS, new String[] {"x"});
        Declaration c = read("require", Declaration.MODE, "PARTITIONED", Declaration.KEYS, new String[] {"y"});
        assertThat(a.sameAs(b)).isTrue();
        assertThat(a.sameAs(c)).isFalse();
    }
}
