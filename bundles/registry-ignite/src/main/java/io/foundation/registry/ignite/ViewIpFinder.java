package io.foundation.registry.ignite;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.ignite.spi.discovery.tcp.ipfinder.TcpDiscoveryIpFinderAdapter;

/**
 * Tells Ignite's discovery where its peers are: the hosts of the current Foundation view, each with the Ignite
 * discovery port range. Read afresh whenever Ignite asks, so a node joining Ignite always tries the members the
 * view has now; nothing is registered anywhere, and no multicast is ever sent.
 */
final class ViewIpFinder extends TcpDiscoveryIpFinderAdapter {

    private final Supplier<Collection<InetAddress>> hosts;
    private final int port;
    private final int range;

    /**
     * @param hosts the hosts of the members in the current view, the local one included
     * @param port  the first Ignite discovery port
     * @param range how many further ports a node may have taken when the first was in use
     */
    ViewIpFinder(Supplier<Collection<InetAddress>> hosts, int port, int range) {
        this.hosts = hosts;
        this.port = port;
        this.range = range;
        setShared(false);
    }

    @Override
    public Collection<InetSocketAddress> getRegisteredAddresses() {
        Set<InetSocketAddress> addresses = new LinkedHashSet<>();
        for (InetAddress host : hosts.get()) {
            for (int p = port; p <= port + range; p++) {
                addresses.add(new InetSocketAddress(host, p));
            }
        }
        return addresses;
    }

    @Override
    public void registerAddresses(Collection<InetSocketAddress> addresses) {
        // The view is the source of addresses; what Ignite would register is already there.
    }

    @Override
    public void unregisterAddresses(Collection<InetSocketAddress> addresses) {
        // Members leave the list when they leave the view.
    }
}
