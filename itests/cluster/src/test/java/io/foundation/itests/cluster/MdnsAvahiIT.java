package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Interoperability of {@code cluster=mdns} with the standard DNS-SD tools: avahi-daemon, avahi-browse and
 * avahi-publish in one namespace of the test network, a Foundation node in another, multicast between them over the
 * bridge only. The tests install and start avahi themselves ({@link Avahi}); a daemon that cannot start fails them.
 */
class MdnsAvahiIT extends ClusterTestSupport {

    private static final String TYPE = "_foundation._tcp";
    /** A goodbye sets a record's TTL to 1 s; avahi and JmDNS drop such records within seconds. */
    private static final Duration GOODBYE = Duration.ofSeconds(30);

    @Test
    void avahiBrowseSeesAFoundationNodeWithItsTxtRecordAndSeesItLeaveWhenItStops() throws Exception {
        TestNetwork lan = closeLater(TestNetwork.bridged("mdnsavahi", 31, 2));
        Avahi avahi = closeLater(Avahi.start(lan, 2));
        NodeProcess node = shopNode(lan);
        String id = Files.readString(node.data().resolve("node.id")).strip();

        Awaitility.await("avahi-browse resolves shop1").atMost(FORMATION).pollInterval(Duration.ofMillis(500))
                .until(() -> foundationNode(avahi).isPresent());
        Avahi.Resolved seen = foundationNode(avahi).orElseThrow();
        assertThat(seen.instance()).isEqualTo("shop1 [" + id.substring(0, 8) + "]");
        assertThat(seen.host()).isEqualTo("foundation-" + id.substring(0, 8) + ".local");
        assertThat(seen.address()).isEqualTo(lan.address(1));
        assertThat(seen.port()).isEqualTo(7800);
        assertThat(seen.txt()).containsExactlyInAnyOrder("txtvers=1", "cluster=shop", "id=" + id, "name=shop1");

        node.terminate();
        Awaitility.await("avahi-browse no longer lists shop1").atMost(GOODBYE).pollInterval(Duration.ofMillis(500))
                .until(() -> foundationNode(avahi).isEmpty());
    }

    @Test
    void aServicePublishedWithAvahiUnderTheFoundationTypeIsASeedOfItsClusterOnly() throws Exception {
        TestNetwork lan = closeLater(TestNetwork.bridged("mdnsavahi", 31, 2));
        Avahi avahi = closeLater(Avahi.start(lan, 2));
        NodeProcess node = shopNode(lan);

        AutoCloseable peer = closeLater(avahi.publish("avahi peer", TYPE, 7900, "cluster=shop", "id=avahi-peer"));
        closeLater(avahi.publish("other shop", TYPE, 7901, "cluster=elsewhere", "id=avahi-other"));
        closeLater(avahi.publish("printer", TYPE, 631));

        String seed = lan.address(2) + ":7900";
        Awaitility.await("shop1 takes the avahi publication as a seed").atMost(FORMATION)
                .pollInterval(Duration.ofMillis(500)).until(() -> MdnsBundle.seeds(node).equals(List.of(seed)));
        node.awaitLog("WARN .*Ignoring mDNS service 'printer\\._foundation\\._tcp\\.local\\.' on fdn-avahi-2\\.local\\.: "
                + "its TXT record has no cluster", CHANGE);
        node.awaitLog("INFO .*Ignoring mDNS service 'other shop\\._foundation\\._tcp\\.local\\.' .*"
                + "belongs to cluster 'elsewhere', not 'shop'", CHANGE);
        assertThat(node.logLines()).filteredOn(l -> l.contains("Ignoring mDNS service 'printer.")).hasSize(1);

        peer.close();
        Awaitility.await("shop1 drops the seed when avahi withdraws it").atMost(GOODBYE)
                .pollInterval(Duration.ofMillis(500)).until(() -> MdnsBundle.seeds(node).isEmpty());
    }

    private static Optional<Avahi.Resolved> foundationNode(Avahi avahi) {
        return avahi.browse(TYPE).stream().filter(r -> r.instance().startsWith("shop1 [")).findFirst();
    }

    /** Node shop1 of cluster "shop" on mDNS, in namespace 1 of {@code lan}, running alone. */
    private NodeProcess shopNode(TestNetwork lan) throws IOException {
        NodeProcess node = start(NodeProcess.node("shop1", work).in(lan, 1).config("cluster", "mdns")
                .config("cluster.name", "shop"));
        MdnsBundle.provideTo(node);
        node.awaitSize(1, FORMATION);
        return node;
    }
}
