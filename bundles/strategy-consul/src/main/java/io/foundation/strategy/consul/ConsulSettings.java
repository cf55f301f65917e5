package io.foundation.strategy.consul;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.foundation.settings.Parsed;
import io.foundation.settings.SettingsReader;

/**
 * The {@code consul.*} settings of configuration PID {@value #PID}, with Consul's own environment variables
 * ({@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_SSL}, {@code CONSUL_HTTP_TOKEN}) as defaults below every Foundation
 * source.
 *
 * @param address         the agent's HTTP API, such as {@code http://127.0.0.1:8500}
 * @param addressOrigin   where the address was configured ({@code consul.address (configuration)},
 *                        {@code CONSUL_HTTP_ADDR}, ...); empty for the built-in default
 * @param service         the Consul service the nodes register as; empty for {@code foundation-<cluster>}
 * @param token           the ACL token sent with every request; empty for none (the agent's default token)
 * @param tokenOrigin     which setting gave the token, for messages that must not show it
 * @param datacenter      the datacenter whose catalog is read for peers; empty for the agent's own
 * @param ttl             TTL of the node's health check; the node passes it every ttl/3
 * @param deregisterAfter how long the check may stay critical before Consul removes the registration
 * @param tags            tags of the registration
 */
record ConsulSettings(URI address, Optional<String> addressOrigin, Optional<String> service, Optional<String> token,
                      String tokenOrigin, Optional<String> datacenter, Duration ttl, Duration deregisterAfter,
                      List<String> tags) {

    static final String PID = "io.foundation.strategy.consul";
    static final String ADDRESS = "consul.address";
    static final String SERVICE = "consul.service";
    static final String TOKEN = "consul.token";
    static final String DATACENTER = "consul.datacenter";
    static final String TTL = "consul.ttl";
    static final String DEREGISTER_AFTER = "consul.deregister-after";
    static final String TAGS = "consul.tags";
    static final List<String> KEYS = List.of(ADDRESS, SERVICE, TOKEN, DATACENTER, TTL, DEREGISTER_AFTER, TAGS);

    static final String ENV_ADDRESS = "CONSUL_HTTP_ADDR";
    static final String ENV_SSL = "CONSUL_HTTP_SSL";
    static final String ENV_TOKEN = "CONSUL_HTTP_TOKEN";

    static final ConsulSettings DEFAULT = new ConsulSettings(URI.create("http://127.0.0.1:8500"), Optional.empty(),
            Optional.empty(), Optional.empty(), "none", Optional.empty(), Duration.ofSeconds(10),
            Duration.ofMinutes(1), List.of());

    /** Consul's service names: DNS-friendly letters, digits, dashes; dots and underscores are accepted too. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Consul's datacenter names: letters, digits, dashes and underscores. */
    private static final Pattern DATACENTER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    ConsulSettings {
        tags = List.copyOf(tags);
    }

    /**
     * Reads {@code effective} (configuration with FOUNDATION_* environment and foundation.* property overrides
     * applied) and, below it, Consul's variables in {@code environment}. A value that is not usable is reported and
     * the {@code previous} value of that key stays.
     *
     * @param sources where each key present in {@code effective} came from, for the operator
     */
    static Parsed<ConsulSettings> read(Map<String, ?> effective, Map<String, String> environment,
                                       Map<String, String> sources, ConsulSettings previous) {
        SettingsReader r = new SettingsReader(effective);

        URI address = previous.address;
        Optional<String> addressOrigin = previous.addressOrigin;
        String addressText = r.text(ADDRESS, "");
        String origin = ADDRESS + " (" + sources.getOrDefault(ADDRESS, "configuration") + ")";
        if (addressText.isEmpty() && environment.get(ENV_ADDRESS) != null && !environment.get(ENV_ADDRESS).isBlank()) {
            addressText = environment.get(ENV_ADDRESS).strip();
            origin = ENV_ADDRESS + " in the environment";
        }
        if (addressText.isEmpty()) {
            address = DEFAULT.address;
            addressOrigin = Optional.empty();
        } else {
            try {
                address = parseAddress(addressText, isTrue(environment.get(ENV_SSL)));
                addressOrigin = Optional.of(origin);
            } catch (IllegalArgumentException e) {
                r.reject(origin.startsWith(ENV_ADDRESS) ? ENV_ADDRESS : ADDRESS, addressText, e.getMessage(),
                        previous.address);
            }
        }

        Optional<String> service = previous.service;
        Object rawService = effective.get(SERVICE);
        String serviceText = r.text(SERVICE, "");
        if (rawService != null && rawService.toString().isBlank()) {
            r.reject(SERVICE, "", "is empty: leave the key out to register as foundation-<cluster name>, or name the "
                    + "Consul service", previous.service.orElse("foundation-<cluster name>"));
        } else if (serviceText.isEmpty()) {
            service = Optional.empty();
        } else if (SERVICE_NAME.matcher(serviceText).matches()) {
            service = Optional.of(serviceText);
        } else {
            r.reject(SERVICE, serviceText, "is not a Consul service name (letters, digits, '-', '.', '_')",
                    previous.service.orElse("foundation-<cluster name>"));
        }

        Optional<String> token = Optional.of(r.text(TOKEN, "")).filter(t -> !t.isEmpty());
        String tokenOrigin = token.isPresent() ? TOKEN + " (" + sources.getOrDefault(TOKEN, "configuration") + ")"
                : "none";
        String envToken = environment.get(ENV_TOKEN);
        if (token.isEmpty() && envToken != null && !envToken.isBlank()) {
            token = Optional.of(envToken.strip());
            tokenOrigin = ENV_TOKEN + " in the environment";
        }

        Optional<String> datacenter = Optional.of(r.text(DATACENTER, "")).filter(d -> !d.isEmpty());
        if (datacenter.isPresent() && !DATACENTER_NAME.matcher(datacenter.get()).matches()) {
            r.reject(DATACENTER, datacenter.get(), "is not a Consul datacenter name (letters, digits, '-', '_')",
                    previous.datacenter.orElse("(the agent's)"));
            datacenter = previous.datacenter;
        }

        Duration ttl = r.duration(TTL, Duration.ofSeconds(1), Duration.ofHours(1), previous.ttl);
        Duration deregisterAfter = r.duration(DEREGISTER_AFTER, Duration.ofMinutes(1), Duration.ofDays(30),
                previous.deregisterAfter);
        List<String> tags = r.list(TAGS, List.of());

        return new Parsed<>(new ConsulSettings(address, addressOrigin, service, token, tokenOrigin, datacenter, ttl,
                deregisterAfter, tags), r.problems());
    }

    /**
     * An agent address as Consul's tools take it: {@code host:port}, {@code http://host:port} or
     * {@code https://host:port}; without a scheme, http (https when {@code CONSUL_HTTP_SSL} is true); without a
     * port, the scheme's.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static URI parseAddress(String text, boolean ssl) {
        String t = text.strip();
        if (t.regionMatches(true, 0, "unix://", 0, 7)) {
            throw new IllegalArgumentException("is a Unix socket, which this strategy does not support; give the "
                    + "agent's HTTP address such as http://127.0.0.1:8500");
        }
        if (!t.contains("://")) {
            t = (ssl ? "https://" : "http://") + t;
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not an address such as http://127.0.0.1:8500 (" + e.getReason()
                    + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("has scheme '" + uri.getScheme() + "'; use http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no host; give an address such as http://127.0.0.1:8500");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("may not carry a query, fragment or user; give scheme, host, port");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        try {
            return new URI(scheme + "://" + (uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                    ? "[" + uri.getHost() + "]" : uri.getHost()) + ":" + port + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not an address such as http://127.0.0.1:8500", e);
        }
    }

    /** The Consul service the nodes of {@code cluster} register as and whose instances are the peers. */
    String serviceFor(String cluster) {
        return service.orElseGet(() -> "foundation-" + cluster.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
    }

    /** The settings without the token, for logs. */
    @Override
    public String toString() {
        return "agent " + address + (datacenter.map(d -> ", datacenter " + d).orElse("")) + ", service "
                + service.orElse("foundation-<cluster>") + ", token " + (token.isPresent() ? "from " + tokenOrigin
                : "none") + ", ttl " + ttl.toMillis() + "ms, deregister-after " + deregisterAfter.toSeconds() + "s"
                + (tags.isEmpty() ? "" : ", tags " + tags);
    }

    private static boolean isTrue(String value) {
        return value != null && (value.strip().equalsIgnoreCase("true") || value.strip().equals("1"));
    }
}
