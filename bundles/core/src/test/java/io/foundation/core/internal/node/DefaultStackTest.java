package io.foundation.core.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import io.foundation.core.internal.discovery.StrategyDiscovery;
import io.foundation.core.internal.settings.NodeSettings;

import org.jgroups.JChannel;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.Test;

class DefaultStackTest {

    /** Two nodes of one host on their own addresses and the same port, as pods or containers with host networking. */
    @Test
    void nodesOnDifferentAddressesShareThePorts() throws Exception {
        NodeSettings settings = NodeSettings.read(Map.of("bind.port", "17900", "port.range", "0"),
                NodeSettings.defaults()).settings();
        try (JChannel a = channel(settings, "127.0.0.2"); JChannel b = channel(settings, "127.0.0.3")) {
            a.connect("default-stack-test-a");
            b.connect("default-stack-test-b");
            assertThat(a.isConnected()).isTrue();
            assertThat(b.isConnected()).isTrue();
        }
    }

    private static JChannel channel(NodeSettings settings, String address) throws Exception {
        List<Protocol> protocols = DefaultStack.protocols(settings, InetAddress.getByName(address));
        JChannel channel = new JChannel(protocols);
        channel.getProtocolStack().getTransport().getDiagnosticsHandler().setEnabled(false);
        // No strategies: each node starts alone, which is all this test needs.
        ((StrategyDiscovery) channel.getProtocolStack().findProtocol(StrategyDiscovery.class))
                .seeds((cluster, self, initial, sink) -> { }, (logical, physical) -> null);
        return channel;
    }
}
