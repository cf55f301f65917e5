package io.foundation.strategy.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.jmdns.ServiceInfo;

import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.Seed;

/** TXT records are encoded and decoded by JmDNS itself, as they are on the wire. */
class PeerRecordTest {

    private static final String TYPE = "_foundation._tcp.local.";

    private static ServiceInfo txt(Map<String, String> properties) {
        return ServiceInfo.create(TYPE, "peer", 7800, 0, 0, properties);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private static PeerRecord read(ServiceInfo txt, int port, List<InetAddress> addresses) {
        return PeerRecord.read("peer.local.", port, txt::getPropertyString, addresses, false);
    }

    @Test
    void aFoundationNodeIsReadWithASeedPerAddress() throws Exception {
        ServiceInfo txt = txt(Map.of("txtvers", "1", "cluster", "prod", "id", "n-1", "name", "n1"));

        PeerRecord peer = read(txt, 7800, List.of(ip("198.18.0.1"), ip("198.18.1.1")));

        assertThat(peer).isEqualTo(new PeerRecord("prod", "n-1",
                List.of(Seed.of("198.18.0.1", 7800), Seed.of("198.18.1.1", 7800))));
    }

    @Test
    void anAvahiPublicationWithOnlyClusterAndIdIsAPeer() throws Exception {
        PeerRecord peer = read(txt(Map.of("cluster", "prod", "id", "x")), 7900, List.of(ip("198.18.0.2")));

        assertThat(peer.seeds()).containsExactly(Seed.of("198.18.0.2", 7900));
    }

    @Test
    void anEmptyTxtRecordIsNoPeer() throws Exception {
        ServiceInfo empty = ServiceInfo.create(TYPE, "peer", 7800, 0, 0, new byte[] {0});

        assertThatThrownBy(() -> read(empty, 7800, List.of(ip("198.18.0.2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TXT record has no cluster");
    }

    @Test
    void aTxtRecordWithoutIdIsNoPeer() {
        assertThatThrownBy(() -> read(txt(Map.of("cluster", "prod", "id", " ")), 7800, List.of(ip("198.18.0.2"))))
                .hasMessageContaining("TXT record has no id");
    }

    @Test
    void anotherTxtSchemaVersionIsNotRead() {
        assertThatThrownBy(() -> read(txt(Map.of("txtvers", "2", "cluster", "prod", "id", "x")), 7800,
                List.of(ip("198.18.0.2")))).hasMessageContaining("txtvers=2");
    }

    @Test
    void portZeroIsNoPeer() {
        assertThatThrownBy(() -> read(txt(Map.of("cluster", "prod", "id", "x")), 0, List.of(ip("198.18.0.2"))))
                .hasMessageContaining("SRV port 0");
    }

    @Test
    void binaryGarbageInTheTxtRecordIsNoPeer() throws Exception {
        byte[] garbage = {5, (byte) 0xff, (byte) 0xfe, 0x00, 0x3d, 0x01, 3, 'a', 'b', 'c'};
        ServiceInfo info = ServiceInfo.create(TYPE, "peer", 7800, 0, 0, garbage);

        assertThatThrownBy(() -> read(info, 7800, List.of(ip("198.18.0.2"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAddressesOfTheNodesFamilyCountAndNeverIpv6LinkLocal() throws Exception {
        ServiceInfo txt = txt(Map.of("cluster", "prod", "id", "x"));
        List<InetAddress> addresses = List.of(ip("198.18.0.2"), ip("fe80::1"), ip("2001:db8::2"));

        assertThat(PeerRecord.read("h", 7800, txt::getPropertyString, addresses, false).seeds())
                .containsExactly(Seed.of("198.18.0.2", 7800));
        assertThat(PeerRecord.read("h", 7800, txt::getPropertyString, addresses, true).seeds())
                .containsExactly(Seed.of("2001:db8:0:0:0:0:0:2", 7800));
        assertThatThrownBy(() -> PeerRecord.read("h", 7800, txt::getPropertyString, List.of(ip("fe80::1")), true))
                .hasMessage("its host h has no usable IPv6 address");
    }

    @Test
    void valuesAreReadAsUtf8() throws Exception {
        ServiceInfo txt = txt(Map.of("cluster", "größe", "id", "x"));

        assertThat(txt.getTextBytes()).containsSequence("größe".getBytes(StandardCharsets.UTF_8));
        assertThat(read(txt, 7800, List.of(ip("198.18.0.2"))).cluster()).isEqualTo("größe");
    }
}
