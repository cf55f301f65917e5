package io.foundation.bench.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import java.util.Collection;
import java.util.List;

/**
 * A Hazelcast member with TCP-IP join on the given seeds and stock timeouts. Multicast and
 * auto-detection join are off (they would multicast), and so is phone-home (it would try
 * to reach the internet).
 */
public final class HazelcastNode {

    private static final String NAME = "bench.name";

    public static void main(String[] argv) throws Exception {
        NodeArgs args = NodeArgs.parse(argv);
        System.setProperty("hazelcast.phone.home.enabled", "false");
        Config config = new Config();
        config.setClusterName(args.cluster());
        config.setInstanceName(args.name());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getMemberAttributeConfig().setAttribute(NAME, args.name());
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(args.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(args.bind());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(args.seeds());
        config.addListenerConfig(new ListenerConfig(new InitialMembershipListener() {
            @Override
            public void init(InitialMembershipEvent event) {
                announce(event.getMembers());
            }

            @Override
            public void memberAdded(MembershipEvent event) {
                announce(event.getMembers());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                announce(event.getMembers());
            }
        }));
        Hazelcast.newHazelcastInstance(config);
        EventLines.announceReady();
        NodeArgs.parkForever();
    }

    /** Hazelcast lists members oldest first; the oldest is the master. */
    private static void announce(Collection<Member> members) {
        List<String> names = members.stream().map(m -> m.getAttribute(NAME)).toList();
        EventLines.announceView(names, names.isEmpty() ? null : names.get(0));
    }
}
