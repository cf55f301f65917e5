package io.foundation.core.internal.node;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jgroups.Address;
import org.jgroups.PhysicalAddress;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.NameCache;

import io.foundation.api.cluster.Member;

/**
 * Carries a member's identity inside its JGroups address, so every node learns every other node's stable id,
 * name and attributes from the view itself, without a round trip. JGroups limits each value to 255 bytes.
 */
final class MemberCodec {

    static final int MAX_VALUE_BYTES = 255;

    private static final String ID = "fdn.id";
    private static final String NAME = "fdn.name";
    private static final String KEYS = "fdn.keys";
    private static final String ATTRIBUTE = "fdn.a.";
    /** jgroups-raft finds a member's raft id under this key; a node's raft id is its name. */
    private static final String RAFT_ID = "raft-id";

    private MemberCodec() {
    }

    /** A fresh address for one incarnation of the node {@code id}. */
    static ExtendedUUID address(String id, String name, Map<String, String> attributes) {
        ExtendedUUID address = ExtendedUUID.randomUUID(name);
        address.put(ID, bytes(id));
        address.put(NAME, bytes(name));
        address.put(RAFT_ID, bytes(name));
        if (!attributes.isEmpty()) {
            address.put(KEYS, bytes(String.join(",", attributes.keySet())));
            attributes.forEach((key, value) -> address.put(ATTRIBUTE + key, bytes(value)));
        }
        return address;
    }

    /** The member behind {@code logical}; addresses of non-Foundation nodes fall back to JGroups' own names. */
    static Member member(Address logical, PhysicalAddress physical, int rank) {
        InetSocketAddress socket = physical instanceof IpAddress ip
                ? new InetSocketAddress(ip.getIpAddress(), ip.getPort())
                : InetSocketAddress.createUnresolved("unknown", 0);
        if (logical instanceof ExtendedUUID extended && extended.keyExists(ID)) {
            Map<String, String> attributes = new LinkedHashMap<>();
            String keys = text(extended.get(KEYS));
            if (keys != null && !keys.isEmpty()) {
                for (String key : keys.split(",")) {
                    String value = text(extended.get(ATTRIBUTE + key));
                    if (value != null) {
                        attributes.put(key, value);
                    }
                }
            }
            return new Member(text(extended.get(ID)), text(extended.get(NAME)), socket, attributes, rank);
        }
        String name = NameCache.get(logical);
        return new Member(logical.toString(), name == null ? logical.toString() : name, socket, Map.of(), rank);
    }

    private static byte[] bytes(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("'" + value + "' is longer than " + MAX_VALUE_BYTES + " bytes");
        }
        return bytes;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
