package io.foundation.registry.ignite;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.foundation.api.cluster.Member;

/** Settings for test grids on loopback, on ports no default Ignite uses. */
final class Grids {

    static final int DISCOVERY = 48500;
    static final int COMMUNICATION = 48600;

    private Grids() {
    }

    static GridSettings settings(String name, Path work) {
        return settings(name, work, DISCOVERY, 5, Optional.empty());
    }

    static GridSettings settings(String name, Path work, int discoveryPort, int range, Optional<Path> xml) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new GridSettings(name, loopback, () -> List.of(loopback), discoveryPort, COMMUNICATION, range, xml,
                Duration.ofSeconds(30), work.resolve(name));
    }

    static Member member(String name) {
        return new Member("id-" + name, name, new InetSocketAddress(InetAddress.getLoopbackAddress(), 7800), Map.of(),
                0);
    }
}
