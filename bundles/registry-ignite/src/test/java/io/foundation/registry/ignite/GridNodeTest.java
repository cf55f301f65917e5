package io.foundation.registry.ignite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridNodeTest {

    private static final String BEANS = "<beans xmlns=\"http://www.springframework.org/schema/beans\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\""
            + "http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd\">";

    @TempDir
    Path work;

    @Test
    void aDiscoveryPortInUseFailsTheStartNamingTheCauseAndLeavesNothingRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket(48700, 1, InetAddress.getLoopbackAddress())) {
            GridSettings settings = Grids.settings("taken", work, taken.getLocalPort(), 0, Optional.empty());

            assertThatThrownBy(() -> GridNode.start(settings, getClass().getClassLoader()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Ignite failed to start: ")
                    .hasMessageContaining("48700");
        }
        assertThat(Ignition.allGrids()).isEmpty();
    }

    @Test
    void anExpertXmlIsTheBaseAndFoundationKeepsTheNetworkAndSafety() throws IOException {
        Path xml = Files.writeString(work.resolve("ignite.xml"), BEANS
                + "<bean class=\"org.apache.ignite.configuration.IgniteConfiguration\">"
                + "<property name=\"failureDetectionTimeout\" value=\"7000\"/>"
                + "<property name=\"peerClassLoadingEnabled\" value=\"true\"/>"
                + "<property name=\"igniteInstanceName\" value=\"theirs\"/>"
                + "</bean></beans>");

        IgniteConfiguration cfg = GridNode.configuration(
                Grids.settings("ours", work, Grids.DISCOVERY, 3, Optional.of(xml)), getClass().getClassLoader());

        assertThat(cfg.getFailureDetectionTimeout()).isEqualTo(7000);
        assertThat(cfg.isPeerClassLoadingEnabled()).isFalse();
        assertThat(cfg.getIgniteInstanceName()).isEqualTo("ours");
        TcpDiscoverySpi discovery = (TcpDiscoverySpi) cfg.getDiscoverySpi();
        assertThat(discovery.getLocalAddress()).isEqualTo("127.0.0.1");
        assertThat(discovery.getIpFinder().getRegisteredAddresses()).containsExactly(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Grids.DISCOVERY),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Grids.DISCOVERY + 1),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Grids.DISCOVERY + 2),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Grids.DISCOVERY + 3));
    }

    @Test
    void anXmlThatIsNotWellFormedIsRefusedNamingTheFile() throws IOException {
        Path xml = Files.writeString(work.resolve("broken.xml"), BEANS + "<bean class=\"x\"");

        assertThatThrownBy(() -> GridNode.configuration(
                Grids.settings("x", work, Grids.DISCOVERY, 0, Optional.of(xml)), getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ignite.config " + xml + " cannot be read: line 1 column ");
    }

    @Test
    void anXmlWithAWrongPropertyIsRefusedNamingIt() throws IOException {
        Path xml = Files.writeString(work.resolve("wrong.xml"), BEANS
                + "<bean class=\"org.apache.ignite.configuration.IgniteConfiguration\">"
                + "<property name=\"noSuchThing\" value=\"1\"/></bean></beans>");

        assertThatThrownBy(() -> GridNode.configuration(
                Grids.settings("x", work, Grids.DISCOVERY, 0, Optional.of(xml)), getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noSuchThing");
    }

    @Test
    void aMissingXmlIsRefusedNamingIt() {
        Path xml = work.resolve("absent.xml");

        assertThatThrownBy(() -> GridNode.configuration(
                Grids.settings("x", work, Grids.DISCOVERY, 0, Optional.of(xml)), getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ignite.config " + xml + " is not a readable file");
    }

    @Test
    void overlappingPortRangesAreRefused() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        assertThatThrownBy(() -> new GridSettings("x", loopback, () -> List.of(loopback), 47500, 47505, 10,
                Optional.empty(), Duration.ofSeconds(5), work))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new GridSettings("x", loopback, () -> List.of(loopback), 0, 47100, 10,
                Optional.empty(), Duration.ofSeconds(5), work))
                .hasMessage("discovery.port must be a TCP port (1..65535), was 0");
    }
}
