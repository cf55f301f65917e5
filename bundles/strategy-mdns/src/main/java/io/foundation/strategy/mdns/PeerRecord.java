package io.foundation.strategy.mdns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javax.jmdns.ServiceInfo;

import io.foundation.api.cluster.Seed;

/**
 * A service instance found under the Foundation type, read as a peer: the cluster and node id from its TXT record,
 * and a seed for each of its addresses of the node's own address family on its SRV port.
 */
record PeerRecord(String cluster, String id, List<Seed> seeds) {

    PeerRecord {
        seeds = List.copyOf(seeds);
    }

    /**
     * Reads {@code info}, a resolved instance (SRV, TXT and addresses present).
     *
     * @param ipv6 whether the node's own address is IPv6: only addresses of that family can be reached
     * @throws IllegalArgumentException saying why the instance is not a Foundation peer
     */
    static PeerRecord read(ServiceInfo info, boolean ipv6) {
        List<InetAddress> addresses = List.of(ipv6 ? info.getInet6Addresses() : info.getInet4Addresses());
        return read(info.getServer(), info.getPort(), info::getPropertyString, addresses, ipv6);
    }

    /**
     * Reads an instance from its parts.
     *
     * @param host      its SRV target, for the reason it is refused
     * @param txt       the value of a TXT key, null if absent
     * @param addresses the addresses of its host; those of the other family and IPv6 link-local ones are skipped
     */
    static PeerRecord read(String host, int port, Function<String, String> txt, List<InetAddress> addresses,
                           boolean ipv6) {
        String version = text(txt, Advertisement.TXTVERS);
        if (version != null && !version.equals(Advertisement.TXT_VERSION)) {
            throw new IllegalArgumentException("TXT schema txtvers=" + version + " is not "
                    + Advertisement.TXT_VERSION);
        }
        String cluster = text(txt, Advertisement.CLUSTER);
        String id = text(txt, Advertisement.ID);
        if (cluster == null || id == null) {
            throw new IllegalArgumentException("its TXT record has no " + (cluster == null ? "cluster" : "id")
                    + " (a Foundation node publishes cluster=<name> id=<node id>)");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("its SRV port " + port + " is not a TCP port");
        }
        List<Seed> seeds = new ArrayList<>();
        for (InetAddress address : addresses) {
            if (ipv6(address) == ipv6 && !(address instanceof Inet6Address v6 && v6.isLinkLocalAddress())) {
                seeds.add(Seed.of(address.getHostAddress(), port));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("its host " + host + " has no usable " + (ipv6 ? "IPv6" : "IPv4")
                    + " address");
        }
        return new PeerRecord(cluster, id, seeds);
    }

    /** Whether {@code address} is of the family {@link #read} takes for a node listening on it. */
    static boolean ipv6(InetAddress address) {
        return !(address instanceof Inet4Address);
    }

    private static String text(Function<String, String> txt, String key) {
        String value = txt.apply(key);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
