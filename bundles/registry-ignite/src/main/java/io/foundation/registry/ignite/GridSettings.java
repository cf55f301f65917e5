package io.foundation.registry.ignite;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the embedded Ignite node is started with. Immutable.
 *
 * @param instanceName      the Ignite instance name, the Foundation node's name
 * @param bindHost          where discovery and communication listen: the Foundation member's own address
 * @param peers             the hosts of the current view's members, asked whenever Ignite looks for peers
 * @param discoveryPort     the first Ignite discovery port
 * @param communicationPort the first Ignite communication port
 * @param portRange         how many ports after each first one may be taken when it is in use
 * @param expertXml         an Ignite Spring XML whose {@code IgniteConfiguration} is the base, if any
 * @param startTimeout      how long the node may take to start and join
 * @param workDirectory     Ignite's work directory, under the node's data directory
 */
record GridSettings(String instanceName, InetAddress bindHost, Supplier<Collection<InetAddress>> peers,
                    int discoveryPort, int communicationPort, int portRange, Optional<Path> expertXml,
                    Duration startTimeout, Path workDirectory) {

    GridSettings {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(peers, "peers");
        requirePort(discoveryPort, "discovery.port");
        requirePort(communicationPort, "communication.port");
        if (portRange < 0 || portRange > 1000) {
            throw new IllegalArgumentException("port.range must be between 0 and 1000, was " + portRange);
        }
        requirePort(discoveryPort + portRange, "discovery.port + port.range");
        requirePort(communicationPort + portRange, "communication.port + port.range");
        if (discoveryPort <= communicationPort + portRange && communicationPort <= discoveryPort + portRange) {
            throw new IllegalArgumentException("the discovery ports " + discoveryPort + ".." + (discoveryPort + portRange)
                    + " overlap the communication ports " + communicationPort + ".." + (communicationPort + portRange));
        }
        Objects.requireNonNull(expertXml, "expertXml");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("start.timeout must be positive, was " + startTimeout.toSeconds() + " s");
        }
        Objects.requireNonNull(workDirectory, "workDirectory");
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be a TCP port (1..65535), was " + port);
        }
    }
}
