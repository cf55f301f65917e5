package io.foundation.strategy.mdns;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.jmdns.ServiceInfo;

import io.foundation.api.cluster.Member;

/**
 * What a node publishes: one DNS-SD service instance of {@code serviceType}, named {@code <node name> [<id prefix>]},
 * on the node's transport port, with the TXT record {@code txtvers=1 cluster=<cluster> id=<node id> name=<node name>}.
 * Two advertisements are equal when they would publish the same records.
 */
record Advertisement(String serviceType, String cluster, String id, String name, InetSocketAddress address) {

    /** Version of the TXT schema; a peer whose {@code txtvers} differs is not read. */
    static final String TXT_VERSION = "1";
    static final String TXTVERS = "txtvers";
    static final String CLUSTER = "cluster";
    static final String ID = "id";
    static final String NAME = "name";

    /** A DNS label, hence an instance name, holds at most 63 bytes. */
    private static final int MAX_LABEL = 63;
    /** A TXT string holds at most 255 bytes, {@code key=value} together. */
    private static final int MAX_TXT_STRING = 255;
    private static final int ID_PREFIX = 8;

    Advertisement {
        if (utf8Length(CLUSTER + "=" + cluster) > MAX_TXT_STRING) {
            throw new IllegalArgumentException("cluster name '" + cluster + "' is too long for a DNS-SD TXT record "
                    + "(at most " + (MAX_TXT_STRING - CLUSTER.length() - 1) + " bytes)");
        }
        if (utf8Length(ID + "=" + id) > MAX_TXT_STRING) {
            throw new IllegalArgumentException("node id '" + id + "' is too long for a DNS-SD TXT record");
        }
    }

    static Advertisement of(String serviceType, String cluster, Member self) {
        return new Advertisement(serviceType, cluster, self.id(), self.name(), self.address());
    }

    /**
     * {@code n1 [3f2a9c01]}: the node's name, cut to fit one DNS label, and the start of its id. Dots become hyphens
     * ({@code host.example} is a common node name), since not every browser reads an escaped dot in an instance name.
     */
    String instanceName() {
        String suffix = " [" + idPrefix() + "]";
        return truncate(name.replace('.', '-'), MAX_LABEL - utf8Length(suffix)) + suffix;
    }

    /** The host name JmDNS answers A/AAAA queries for: {@code foundation-3f2a9c01}, unique per node. */
    String hostName() {
        return "foundation-" + idPrefix();
    }

    Map<String, String> txt() {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put(TXTVERS, TXT_VERSION);
        txt.put(CLUSTER, cluster);
        txt.put(ID, id);
        txt.put(NAME, truncate(name, MAX_TXT_STRING - NAME.length() - 1));
        return txt;
    }

    /** A new service description for JmDNS; each registration needs its own. */
    ServiceInfo serviceInfo() {
        return ServiceInfo.create(serviceType, instanceName(), address.getPort(), 0, 0, txt());
    }

    private String idPrefix() {
        String letters = id.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        if (letters.isEmpty()) {
            return String.format("%08x", id.hashCode());
        }
        return letters.substring(0, Math.min(ID_PREFIX, letters.length()));
    }

    private static String truncate(String text, int maxBytes) {
        if (utf8Length(text) <= maxBytes) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = utf8Length(new String(Character.toChars(cp)));
            if (bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
