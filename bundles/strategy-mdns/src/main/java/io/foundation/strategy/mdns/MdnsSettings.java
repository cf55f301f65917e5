package io.foundation.strategy.mdns;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.foundation.settings.Parsed;
import io.foundation.settings.SettingsReader;

/**
 * The {@code mdns.*} settings of configuration PID {@value #PID}.
 *
 * @param serviceType   the DNS-SD service type advertised and browsed, fully qualified ({@code _foundation._tcp.local.})
 * @param interfaceName the network interface mDNS runs on; empty for the interface that holds the node's address
 */
record MdnsSettings(String serviceType, Optional<String> interfaceName) {

    static final String PID = "io.foundation.strategy.mdns";
    static final String SERVICE_TYPE = "mdns.service.type";
    static final String INTERFACE = "mdns.interface";
    static final List<String> KEYS = List.of(SERVICE_TYPE, INTERFACE);
    static final MdnsSettings DEFAULT = new MdnsSettings("_foundation._tcp.local.", Optional.empty());

    /** RFC 6335 service name (1-15 letters, digits, inner hyphens) and protocol, in the .local. domain. */
    private static final Pattern TYPE = Pattern.compile("_[a-z0-9](?:[a-z0-9-]{0,13}[a-z0-9])?\\._(?:tcp|udp)\\.local\\.");
    /** A Linux interface name: at most 15 bytes, no slash, colon or white space. */
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    /**
     * Reads {@code effective} (configuration with environment and property overrides applied). A value that is not
     * usable is reported and the {@code previous} value of that key stays.
     */
    static Parsed<MdnsSettings> read(Map<String, ?> effective, MdnsSettings previous) {
        SettingsReader r = new SettingsReader(effective);
        String typeText = r.text(SERVICE_TYPE, DEFAULT.serviceType);
        String type = qualified(typeText);
        if (!TYPE.matcher(type).matches()) {
            type = r.reject(SERVICE_TYPE, typeText,
                    "is not a DNS-SD service type such as _foundation._tcp.local. (RFC 6335 name, _tcp or _udp)",
                    previous.serviceType);
        }
        Optional<String> nic = Optional.of(r.text(INTERFACE, "")).filter(n -> !n.isEmpty());
        if (nic.isPresent() && !INTERFACE_NAME.matcher(nic.get()).matches()) {
            nic = r.reject(INTERFACE, nic.get(), "is not a network interface name such as eth0",
                    previous.interfaceName);
        }
        return new Parsed<>(new MdnsSettings(type, nic), r.problems());
    }

    /** {@code _foundation._tcp} and {@code _foundation._tcp.local} as written for avahi, made fully qualified. */
    private static String qualified(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.endsWith("._tcp") || t.endsWith("._udp")) {
            return t + ".local.";
        }
        return t.endsWith(".local") ? t + "." : t;
    }
}
