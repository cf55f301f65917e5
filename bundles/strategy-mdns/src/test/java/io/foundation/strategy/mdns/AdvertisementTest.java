package io.foundation.strategy.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.jmdns.ServiceInfo;

import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.Member;

class AdvertisementTest {

    private static final String ID = "3f2a9c01-77aa-4c3e-9d1b-0123456789ab";
    private static final String TYPE = "_foundation._tcp.local.";

    private static Member member(String name, Map<String, String> attributes, int rank) {
        return new Member(ID, name, new InetSocketAddress("198.18.0.1", 7801), attributes, rank);
    }

    @Test
    void theInstanceIsNamedAfterTheNodeAndTheStartOfItsId() {
        Advertisement ad = Advertisement.of(TYPE, "prod", member("n1", Map.of(), 0));

        assertThat(ad.instanceName()).isEqualTo("n1 [3f2a9c01]");
        assertThat(ad.hostName()).isEqualTo("foundation-3f2a9c01");
    }

    @Test
    void dotsInTheNodeNameBecomeHyphensInTheInstanceNameOnly() {
        Advertisement ad = Advertisement.of(TYPE, "prod", member("web1.example.com", Map.of(), 0));

        assertThat(ad.instanceName()).isEqualTo("web1-example-com [3f2a9c01]");
        assertThat(ad.txt()).containsEntry("name", "web1.example.com");
    }

    @Test
    void aLongNameIsCutToOneDnsLabelWithoutSplittingACharacter() {
        String name = "ö".repeat(40);
        Advertisement ad = Advertisement.of(TYPE, "prod", member(name, Map.of(), 0));

        String instance = ad.instanceName();
        assertThat(instance.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(instance).endsWith(" [3f2a9c01]").startsWith("ööö").doesNotContain("\uFFFD");
        assertThat(instance.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(61);
    }

    @Test
    void theTxtRecordCarriesSchemaVersionClusterIdAndName() {
        Advertisement ad = Advertisement.of(TYPE, "prod", member("n1", Map.of(), 0));

        assertThat(ad.txt()).containsExactly(Map.entry("txtvers", "1"), Map.entry("cluster", "prod"),
                Map.entry("id", ID), Map.entry("name", "n1"));
    }

    @Test
    void theServiceDescriptionPublishesTheTransportPortAndTheTxtRecord() {
        ServiceInfo info = Advertisement.of(TYPE, "prod", member("n1", Map.of(), 0)).serviceInfo();

        assertThat(info.getType()).isEqualTo(TYPE);
        assertThat(info.getName()).isEqualTo("n1 [3f2a9c01]");
        assertThat(info.getPort()).isEqualTo(7801);
        assertThat(info.getPropertyString("cluster")).isEqualTo("prod");
        assertThat(info.getPropertyString("id")).isEqualTo(ID);
        assertThat(info.getPropertyString("txtvers")).isEqualTo("1");
    }

    @Test
    void advertisementsDifferOnlyInWhatTheyPublish() {
        Advertisement plain = Advertisement.of(TYPE, "prod", member("n1", Map.of(), 0));

        assertThat(Advertisement.of(TYPE, "prod", member("n1", Map.of("roles", "web"), 3))).isEqualTo(plain);
        assertThat(Advertisement.of(TYPE, "test", member("n1", Map.of(), 0))).isNotEqualTo(plain);
        assertThat(Advertisement.of("_other._tcp.local.", "prod", member("n1", Map.of(), 0))).isNotEqualTo(plain);
    }

    @Test
    void aClusterNameThatNoTxtStringHoldsIsRefused() {
        Member self = member("n1", Map.of(), 0);

        assertThatThrownBy(() -> Advertisement.of(TYPE, "c".repeat(248), self))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 247 bytes");
        assertThat(Advertisement.of(TYPE, "c".repeat(247), self).txt()).containsKey("cluster");
    }
}
