package io.foundation.bench.cluster;

import java.util.List;
import java.util.stream.Collectors;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;

/**
 * A raw JGroups node with the stock {@code tcp.xml}: only the bind address, TCPPING's initial
 * hosts (the system properties that file reads) and the transport's port are set.
 */
public final class JGroupsNode {

    public static void main(String[] argv) throws Exception {
        NodeArgs args = NodeArgs.parse(argv);
        // Log through java.util.logging to stderr; SLF4J here has no provider and would drop warnings.
        System.setProperty("jgroups.use.jdk_logger", "true");
        System.setProperty("jgroups.bind_addr", args.bind());
        System.setProperty("jgroups.tcpping.initial_hosts", args.seeds().stream()
                .map(s -> s.substring(0, s.lastIndexOf(':')) + "[" + s.substring(s.lastIndexOf(':') + 1) + "]")
                .collect(Collectors.joining(",")));
        JChannel channel = new JChannel("tcp.xml");
        // tcp.xml fixes bind_port="7800" (no property); distinct ports keep TCPPING's list exact.
        channel.getProtocolStack().getTransport().setBindPort(args.port());
        channel.name(args.name());
        channel.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View view) {
                List<String> members = view.getMembers().stream().map(Address::toString).toList();
                EventLines.announceView(members, String.valueOf(view.getCoord()));
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(channel::close, "jgroups-close"));
        channel.connect(args.cluster());
        EventLines.announceReady();
        NodeArgs.parkForever();
    }
}
