package io.foundation.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedTest {

    @Test
    void parsesHostsPortsAndIpv6Literals() {
        assertThat(Seed.parse("10.0.0.1:7800")).isEqualTo(Seed.of("10.0.0.1", 7800));
        assertThat(Seed.parse(" node-a ")).isEqualTo(Seed.of("node-a", Seed.ANY_PORT));
        assertThat(Seed.parse("[::1]:7801")).isEqualTo(Seed.of("::1", 7801));
        assertThat(Seed.parse("[fe80::1]")).isEqualTo(Seed.of("fe80::1"));
        assertThat(Seed.parse("fe80::1")).isEqualTo(Seed.of("fe80::1"));
    }

    @Test
    void printsWhatItParses() {
        for (String text : new String[] {"10.0.0.1:7800", "host", "[::1]:7801", "[fe80::1]"}) {
            assertThat(Seed.parse(text).toString()).isEqualTo(text);
        }
    }

    @Test
    void rejectsBadPortsNamingTheText() {
        assertThatThrownBy(() -> Seed.parse("host:http")).hasMessageContaining("host:http");
        assertThatThrownBy(() -> Seed.parse("host:70000")).hasMessageContaining("70000");
        assertThatThrownBy(() -> Seed.parse("[::1")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> Seed.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
