package com.example.strategy.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class EtcdGatewayTest {

    @Test
    void theGatewayRootFollowsTheServerVersion() {
        assertThat(EtcdGateway.apiRoot("3.2.26")).isEqualTo("/v3alpha");
        assertThat(EtcdGateway.apiRoot("3.3.25")).isEqualTo("/v3beta");
        assertThat(EtcdGateway.apiRoot("3.4.23")).isEqualTo("/v3");
        assertThat(EtcdGateway.apiRoot("3.5.17")).isEqualTo("/v3");
        assertThat(EtcdGateway.apiRoot("3.6.0-rc.1")).isEqualTo("/v3");
        assertThatThrownBy(() -> EtcdGateway.apiRoot("2.3.8")).hasMessage("etcd server version '2.3.8' has no v3 "
                + "gateway");
        assertThatThrownBy(() -> EtcdGateway.apiRoot("unknown")).hasMessageContaining("'unknown'");
    }

    @Test
    void aPrefixRangeEndsAfterItsLastByte() {
        assertThat(new String(EtcdGateway.rangeEnd("/foundation/prod/"), StandardCharsets.UTF_8))
                .isEqualTo("/foundation/prod0");
        assertThat(EtcdGateway.rangeEnd("a\u00ff")).containsExactly('a', 0xc3, 0xc0);
        assertThat(EtcdGateway.rangeEnd("")).containsExactly(0);
    }
}
