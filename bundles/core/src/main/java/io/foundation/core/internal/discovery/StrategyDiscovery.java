package io.foundation.core.internal.discovery;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.annotations.MBean;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.PingData;
import org.jgroups.protocols.PingHeader;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.BoundedList;
import org.jgroups.util.ByteArray;
import org.jgroups.util.NameCache;
import org.jgroups.util.Responses;

import io.foundation.api.cluster.Member;

/**
 * JGroups discovery protocol that asks Foundation's active {@code ClusterStrategy} services where peers might be.
 * Built in code and handed its {@link SeedRounds}, so no class is looked up by name across bundles.
 *
 * <p>Every round also contacts the physical addresses of members seen in earlier views, so a node whose strategy
 * stops finding anyone still merges with its old partners after a partition.
 */
@MBean(description = "Discovery through Foundation cluster strategies")
public class StrategyDiscovery extends Discovery {

    /** Protocol id: above JGroups' own range; registered so headers of this protocol have a stable id. */
    public static final short ID = 1900;

    static {
        if (ClassConfigurator.getProtocolId(StrategyDiscovery.class) == 0) {
            ClassConfigurator.addProtocol(ID, StrategyDiscovery.class);
        }
    }

    private final BoundedList<PhysicalAddress> seen = new BoundedList<>(500);
    private volatile SeedRounds rounds;
    private volatile BiFunction<Address, PhysicalAddress, Member> memberOf;
    private volatile boolean firstRound = true;

    /**
     * Connects the protocol to the node.
     *
     * @param rounds   asked for seeds on every round
     * @param memberOf turns this node's logical and physical address into the {@link Member} strategies advertise
     */
    public StrategyDiscovery seeds(SeedRounds rounds, BiFunction<Address, PhysicalAddress, Member> memberOf) {
        this.rounds = rounds;
        this.memberOf = memberOf;
        return this;
    }

    @Override
    public boolean isDynamic() {
        // Like TCPPING: the coordinator hands the address cache to joiners, so they need not find everyone.
        return false;
    }

    @Override
    public Object down(Event evt) {
        Object result = super.down(evt);
        if (evt.getType() == Event.VIEW_CHANGE && view != null) {
            for (Address member : view.getMembersRaw()) {
                PhysicalAddress physical = physicalOf(member);
                if (physical != null) {
                    seen.addIfAbsent(physical);
                }
            }
        }
        return result;
    }

    @Override
    public void discoveryRequestReceived(Address sender, String logicalName, PhysicalAddress physical) {
        super.discoveryRequestReceived(sender, logicalName, physical);
        if (physical != null) {
            seen.addIfAbsent(physical);
        }
    }

    @Override
    protected void findMembers(List<Address> members, boolean initialDiscovery, Responses responses) {
        PhysicalAddress self = physicalOf(local_addr);
        PingData data = new PingData(local_addr, false, NameCache.get(local_addr), self);
        if (members != null && members.size() <= max_members_in_discovery_request) {
            data.mbrs(members);
        }
        ByteArray payload = marshal(data);
        Set<PhysicalAddress> contacted = ConcurrentHashMap.newKeySet();
        if (self != null) {
            contacted.add(self);
        }
        seen.forEach(address -> contact(address, payload, initialDiscovery, contacted));

        SeedRounds source = rounds;
        BiFunction<Address, PhysicalAddress, Member> toMember = memberOf;
        if (source == null || toMember == null || self == null) {
            return;
        }
        boolean initial = firstRound;
        firstRound = false;
        source.round(cluster_name, toMember.apply(local_addr, self), initial, (strategy, seeds) -> {
            for (InetSocketAddress seed : seeds) {
                for (PhysicalAddress address : expand(seed)) {
                    contact(address, payload, initialDiscovery, contacted);
                }
            }
        });
    }

    private List<PhysicalAddress> expand(InetSocketAddress seed) {
        if (seed.getPort() != 0) {
            return List.of(new IpAddress(seed.getAddress(), seed.getPort()));
        }
        int first = transport.getBindPort();
        int range = transport.getPortRange();
        return java.util.stream.IntStream.rangeClosed(first, first + range)
                .mapToObj(port -> (PhysicalAddress) new IpAddress(seed.getAddress(), port))
                .toList();
    }

    private void contact(PhysicalAddress address, ByteArray payload, boolean initialDiscovery,
                         Set<PhysicalAddress> contacted) {
        if (!contacted.add(address)) {
            return;
        }
        PingHeader header = new PingHeader(PingHeader.GET_MBRS_REQ).clusterName(cluster_name)
                .initialDiscovery(initialDiscovery);
        Message request = new BytesMessage(address).setFlag(Message.Flag.DONT_BUNDLE, Message.Flag.OOB)
                .setFlag(Message.TransientFlag.DONT_LOOPBACK).putHeader(this.id, header).setArray(payload);
        // Connecting to a seed may block for the connect timeout; never hold up the caller for it.
        timer.execute(() -> {
            try {
                down_prot.down(request);
            } catch (Throwable t) {
                log.trace("%s: discovery request to %s failed: %s", local_addr, address, t);
            }
        }, sends_can_block);
    }

    private PhysicalAddress physicalOf(Address logical) {
        return (PhysicalAddress) down_prot.down(new Event(Event.GET_PHYSICAL_ADDRESS, logical));
    }
}
