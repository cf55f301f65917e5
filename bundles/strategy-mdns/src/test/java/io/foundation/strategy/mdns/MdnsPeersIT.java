package io.foundation.strategy.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The strategy with real JmDNS responders, each in its own JVM ({@link MdnsPeer}) inside a namespace of the test
 * network: peers on one bridge, multicast crossing it and going nowhere else. This JVM runs in the machine's
 * namespace and never starts a responder itself. Needs root.
 */
class MdnsPeersIT {

    /** Generous: probing and announcing take a few seconds, and the machine is shared. */
    private static final Duration FOUND = Duration.ofSeconds(30);
    /** A goodbye sets a record's TTL to 1 s and JmDNS's reaper runs every 10 s; the record's own TTL is an hour. */
    private static final Duration GONE = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Path work;

    @BeforeAll
    static void requireRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).strip();
        if (!"0".equals(uid)) {
            throw new IllegalStateException("mDNS tests run their peers in network namespaces and must run as root "
                    + "(uid " + uid + ")");
        }
    }

    @BeforeEach
    void workDirectory(TestInfo test) throws IOException {
        work = Path.of("target", "it", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        if (Files.exists(work)) {
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work);
    }

    @AfterEach
    void stopEverything() throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        started.push(resource);
        return resource;
    }

    private PeerProcess peer(String name, TestNet net, int node, Map<String, String> env) throws IOException {
        return closeLater(PeerProcess.start(name, net.namespace(node), env, work));
    }

    /** a (namespace 1, port 7801) and b (namespace 2, port 7802) advertise in cluster alpha; a finds b. */
    private static void advertiseBoth(TestNet net, PeerProcess a, PeerProcess b) {
        a.advertise("alpha", "id-a", net.address(1), 7801);
        b.advertise("alpha", "id-b", net.address(2), 7802);
        awaitSeeds(a, "alpha", List.of(net.address(2) + ":7802"), FOUND);
    }

    private static void awaitSeeds(PeerProcess peer, String cluster, List<String> expected, Duration within) {
        Awaitility.await(peer + " seeds of " + cluster + " = " + expected).atMost(within)
                .pollInterval(Duration.ofMillis(250)).until(() -> peer.seeds(cluster).equals(expected));
    }

    private static long linesContaining(PeerProcess peer, String text) {
        return peer.log().stream().filter(l -> l.contains(text)).count();
    }

    @Test
    void peersOfOneClusterFindEachOtherButNotThemselvesAnotherClusterOrAnotherType() throws Exception {
        TestNet net = closeLater(TestNet.bridged("mdnspeer", 32, 4));
        PeerProcess a = peer("a", net, 1, Map.of());
        PeerProcess b = peer("b", net, 2, Map.of());
        PeerProcess other = peer("other", net, 3, Map.of());
        PeerProcess typed = peer("typed", net, 4, Map.of("FOUNDATION_MDNS_SERVICE_TYPE", "_fdntest._tcp"));
        a.advertise("alpha", "id-a", net.address(1), 7801);
        b.advertise("alpha", "id-b", net.address(2), 7802);
        other.advertise("beta", "id-other", net.address(3), 7803);
        typed.advertise("alpha", "id-typed", net.address(4), 7804);

        awaitSeeds(a, "alpha", List.of(net.address(2) + ":7802"), FOUND);
        awaitSeeds(b, "alpha", List.of(net.address(1) + ":7801"), FOUND);
        Awaitility.await("a reports b's neighbour of cluster beta").atMost(FOUND)
                .pollInterval(Duration.ofMillis(250)).until(() -> a.seeds("alpha").size() == 1
                        && linesContaining(a, "belongs to cluster 'beta', not 'alpha'") > 0);

        assertThat(other.seeds("beta")).isEmpty();
        assertThat(typed.seeds("alpha")).isEmpty();
        assertThat(a.seeds("beta")).containsExactly(net.address(3) + ":7803");
        assertThat(linesContaining(a, "belongs to cluster 'beta'")).as("reported once a minute at most")
                .isEqualTo(1);
        assertThat(a.log()).noneMatch(l -> l.contains("WARN") || l.contains("ERROR"));
    }

    @Test
    void aWithdrawnPeerLeavesTheOthersSeedsLongBeforeItsRecordsExpireAndComesBackWhenAdvertisedAgain()
            throws Exception {
        TestNet net = closeLater(TestNet.bridged("mdnspeer", 32, 2));
        PeerProcess a = peer("a", net, 1, Map.of());
        PeerProcess b = peer("b", net, 2, Map.of());
        advertiseBoth(net, a, b);

        b.withdraw("alpha");
        awaitSeeds(a, "alpha", List.of(), GONE);
        assertThat(b.seeds("alpha")).as("a withdrawn peer browses no more").isEmpty();

        b.advertise("alpha", "id-b", net.address(2), 7802);
        awaitSeeds(a, "alpha", List.of(net.address(2) + ":7802"), FOUND);
        awaitSeeds(b, "alpha", List.of(net.address(1) + ":7801"), FOUND);
    }

    @Test
    void aChangedServiceTypeWithdrawsTheNodeAndAdvertisesItUnderTheNewTypeOnTheNextRound() throws Exception {
        TestNet net = closeLater(TestNet.bridged("mdnspeer", 32, 2));
        PeerProcess a = peer("a", net, 1, Map.of());
        PeerProcess b = peer("b", net, 2, Map.of());
        advertiseBoth(net, a, b);

        b.configure("mdns.service.type=_fdnother._tcp");
        b.advertise("alpha", "id-b", net.address(2), 7802);
        awaitSeeds(a, "alpha", List.of(), GONE);
        assertThat(b.seeds("alpha")).isEmpty();

        a.configure("mdns.service.type=_fdnother._tcp.local.");
        a.advertise("alpha", "id-a", net.address(1), 7801);
        awaitSeeds(a, "alpha", List.of(net.address(2) + ":7802"), FOUND);
        awaitSeeds(b, "alpha", List.of(net.address(1) + ":7801"), FOUND);
    }

    @Test
    void servicesUnderTheTypeThatAreNoFoundationNodesAreIgnoredWithOneLogLineEach() throws Exception {
        TestNet net = closeLater(TestNet.bridged("mdnspeer", 32, 2));
        PeerProcess a = peer("a", net, 1, Map.of());
        PeerProcess junk = peer("junk", net, 2, Map.of());
        a.advertise("alpha", "id-a", net.address(1), 7801);
        junk.publish(net.address(2), 7900, "no-txt");
        junk.publish(net.address(2), 7901, "newer-schema", "txtvers=2", "cluster=alpha", "id=x");
        junk.publish(net.address(2), 7902, "no-id", "cluster=alpha");
        junk.publish(net.address(2), 0, "port-zero", "cluster=alpha", "id=z");
        junk.publish(net.address(2), 7903, "good", "cluster=alpha", "id=y");

        awaitSeeds(a, "alpha", List.of(net.address(2) + ":7903"), FOUND);
        Awaitility.await("a reports each of the four").atMost(FOUND).pollInterval(Duration.ofMillis(250))
                .until(() -> a.seeds("alpha").size() == 1
                        && linesContaining(a, "Ignoring mDNS service") == 4);
        for (int round = 0; round < 5; round++) {
            assertThat(a.seeds("alpha")).containsExactly(net.address(2) + ":7903");
        }

        assertThat(linesContaining(a, "'no-txt._foundation._tcp.local.'")).isEqualTo(1);
        assertThat(a.log()).filteredOn(l -> l.contains("'no-txt.")).singleElement().asString()
                .contains("WARN").contains("TXT record has no cluster");
        assertThat(a.log()).filteredOn(l -> l.contains("'newer-schema.")).singleElement().asString()
                .contains("txtvers=2");
        assertThat(a.log()).filteredOn(l -> l.contains("'no-id.")).singleElement().asString()
                .contains("TXT record has no id");
        assertThat(a.log()).filteredOn(l -> l.contains("'port-zero.")).singleElement().asString()
                .contains("SRV port 0 is not a TCP port");
    }

    @Test
    void aResponderJoinsTheMdnsGroupOnlyOnTheInterfaceItIsGiven() throws Exception {
        TestNet net = closeLater(TestNet.bridged("mdnspeer", 32, 2));
        // Loopback carries multicast too here, so joining "all interfaces" would show on it.
        net.exec(1, "ip", "link", "set", "lo", "multicast", "on");
        net.exec(2, "ip", "link", "set", "lo", "multicast", "on");
        PeerProcess own = peer("own", net, 1, Map.of());
        PeerProcess named = peer("named", net, 2, Map.of("FOUNDATION_MDNS_INTERFACE", "lo"));
        own.advertise("alpha", "id-own", net.address(1), 7801);
        named.advertise("alpha", "id-named", net.address(2), 7802);

        assertThat(net.exec(1, "ip", "maddr", "show", "dev", "eth0")).contains("224.0.0.251");
        assertThat(net.exec(1, "ip", "maddr", "show", "dev", "lo")).doesNotContain("224.0.0.251");
        assertThat(net.exec(2, "ip", "maddr", "show", "dev", "lo")).contains("224.0.0.251");
        assertThat(net.exec(2, "ip", "maddr", "show", "dev", "eth0")).doesNotContain("224.0.0.251");
        assertThat(named.log()).anyMatch(l -> l.contains("advertising 'named [idnamed]'")
                && l.contains("on 127.0.0.1"));
    }

    @Test
    void peersInOneNamespaceFindEachOtherOverItsLoopback() throws Exception {
        TestNet host = closeLater(TestNet.loopback("mdnspeerlo"));
        PeerProcess a = peer("a", host, 0, Map.of());
        PeerProcess b = peer("b", host, 0, Map.of());
        a.advertise("alpha", "id-a", "127.0.0.1", 7801);
        b.advertise("alpha", "id-b", "127.0.0.1", 7802);

        awaitSeeds(a, "alpha", List.of("127.0.0.1:7802"), FOUND);
        awaitSeeds(b, "alpha", List.of("127.0.0.1:7801"), FOUND);
    }
}
