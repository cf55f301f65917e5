package io.foundation.core.internal.node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jgroups.util.StackType;
import org.jgroups.util.Util;

/**
 * Chooses the address the cluster transport listens on. {@code auto} prefers a private (site-local) IPv4 address,
 * then any other non-loopback IPv4 address, then loopback, so a laptop or LAN host is reachable by its peers and a
 * host without a network still runs. Anything else is passed to JGroups: an IP literal or host name, or a keyword
 * such as {@code site_local} or {@code match-interface:eth0}.
 */
final class BindAddress {

    private BindAddress() {
    }

    static InetAddress resolve(String spec) throws Exception {
        if (!"auto".equalsIgnoreCase(spec)) {
            InetAddress address = Util.getAddress(spec, StackType.IPv4);
            if (address == null) {
                throw new IllegalArgumentException("bind.address=" + spec + " matches no address of this host");
            }
            return address;
        }
        List<InetAddress> candidates = upIPv4Addresses();
        return candidates.stream().filter(InetAddress::isSiteLocalAddress).findFirst()
                .or(() -> candidates.stream().filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                        .findFirst())
                .orElse(InetAddress.getLoopbackAddress());
    }

    private static List<InetAddress> upIPv4Addresses() throws SocketException {
        List<InetAddress> result = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                continue;
            }
            Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address)
                    .forEach(result::add);
        }
        return result;
    }
}
