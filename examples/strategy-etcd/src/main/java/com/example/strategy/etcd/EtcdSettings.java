package com.example.strategy.etcd;

import java.lang.reflect.Array;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strategy's settings: its own configuration (PID {@value #PID}, for example the file
 * {@code etc/com.example.strategy.etcd.cfg}), where the environment variable {@code FOUNDATION_ETCD_<KEY>} of a key
 * overrides the file, as it does for the node's own settings. Immutable.
 *
 * @param endpoints      etcd client URLs, tried in order until one answers
 * @param prefix         where the nodes' keys live: {@code <prefix>/<cluster>/<node id>}; no trailing slash
 * @param leaseTtl       time to live of the lease that holds this node's key; whole seconds, at least 2
 * @param requestTimeout how long one HTTP request to etcd may take, connection included
 */
record EtcdSettings(List<URI> endpoints, String prefix, Duration leaseTtl, Duration requestTimeout) {

    /** The ConfigAdmin PID: a third party names its configuration after its own packages. */
    static final String PID = "com.example.strategy.etcd";

    /** Keys and their defaults, in the order the documentation lists them. */
    static final Map<String, String> DEFAULTS = defaults();

    private static final Duration MIN_TTL = Duration.ofSeconds(2);
    private static final Duration MAX_TTL = Duration.ofHours(1);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

    EtcdSettings {
        endpoints = List.copyOf(endpoints);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("endpoints", "http://127.0.0.1:2379");
        d.put("prefix", "/foundation");
        d.put("lease.ttl", "10s");
        d.put("request.timeout", "300ms");
        return Collections.unmodifiableMap(d);
    }

    /** The environment variable that overrides {@code key}: {@code lease.ttl} → {@code FOUNDATION_ETCD_LEASE_TTL}. */
    static String environmentName(String key) {
        return "FOUNDATION_ETCD_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * Reads every key from {@code environment}, else {@code configuration}, else its default.
     *
     * @throws IllegalArgumentException naming every bad value, its key and where it came from
     */
    static EtcdSettings read(Map<String, ?> configuration, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Map<String, Value> values = new LinkedHashMap<>();
        DEFAULTS.forEach((key, fallback) -> values.put(key, valueOf(key, fallback, configuration, environment)));

        List<URI> endpoints = endpoints(values.get("endpoints"), problems);
        String prefix = prefix(values.get("prefix"), problems);
        Duration ttl = duration(values.get("lease.ttl"), MIN_TTL, MAX_TTL, problems);
        if (ttl != null && ttl.toMillis() % 1000 != 0) {
            problems.add(values.get("lease.ttl").describe() + ": etcd leases count whole seconds");
        }
        Duration timeout = duration(values.get("request.timeout"), MIN_TIMEOUT, MAX_TIMEOUT, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new EtcdSettings(endpoints, prefix, ttl, timeout);
    }

    /** The key of {@code nodeId} in {@code cluster}. */
    String key(String cluster, String nodeId) {
        if (nodeId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("node id '" + nodeId + "' cannot be part of an etcd key");
        }
        return clusterPrefix(cluster) + nodeId;
    }

    /** The common start of the keys of {@code cluster}'s nodes, ending in a slash. */
    String clusterPrefix(String cluster) {
        if (cluster.isEmpty() || cluster.indexOf('/') >= 0) {
            throw new IllegalArgumentException("cluster name '" + cluster + "' cannot be part of an etcd key");
        }
        return prefix + '/' + cluster + '/';
    }

    long leaseSeconds() {
        return leaseTtl.toSeconds();
    }

    @Override
    public String toString() {
        return "endpoints=" + endpoints + " prefix=" + prefix + " lease.ttl=" + leaseTtl.toSeconds() + "s"
                + " request.timeout=" + requestTimeout.toMillis() + "ms";
    }

    /** A raw value with where it came from, for error messages. */
    private record Value(String key, String text, String source) {

        String describe() {
            return key + "=" + text + " (" + source + ")";
        }
    }

    private static Value valueOf(String key, String fallback, Map<String, ?> configuration,
                                 Map<String, String> environment) {
        String variable = environmentName(key);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null) {
            return new Value(key, fromEnvironment.strip(), "environment " + variable);
        }
        Object configured = configuration.get(key);
        if (configured != null) {
            return new Value(key, text(configured).strip(), "configuration " + PID);
        }
        return new Value(key, fallback, "default");
    }

    /** ConfigAdmin may hold a list as an array or collection; a file holds text. */
    private static String text(Object value) {
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", items);
        }
        if (value instanceof Collection<?> items) {
            return String.join(",", items.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    private static List<URI> endpoints(Value value, List<String> problems) {
        List<URI> endpoints = new ArrayList<>();
        for (String item : value.text.split(",")) {
            String text = item.strip();
            if (text.isEmpty()) {
                continue;
            }
            String problem = endpointProblem(text);
            if (problem != null) {
                problems.add(value.describe() + ": '" + text + "' " + problem
                        + " (an etcd client URL such as http://127.0.0.1:2379)");
            } else {
                endpoints.add(URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text));
            }
        }
        if (endpoints.isEmpty() && problems.isEmpty()) {
            problems.add(value.describe() + ": no endpoint given (an etcd client URL such as http://127.0.0.1:2379)");
        }
        return endpoints;
    }

    private static String endpointProblem(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return "must start with http:// or https://";
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return "is not a URL: " + e.getReason();
        }
        if (uri.getHost() == null) {
            return "has no host";
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            return "must be only scheme, host and port";
        }
        return null;
    }

    private static String prefix(Value value, List<String> problems) {
        String text = value.text;
        if (!text.startsWith("/") || text.chars().anyMatch(Character::isWhitespace)) {
            problems.add(value.describe() + ": must start with '/' and contain no spaces");
            return null;
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private static Duration duration(Value value, Duration min, Duration max, List<String> problems) {
        Matcher m = DURATION.matcher(value.text);
        if (!m.matches()) {
            problems.add(value.describe() + ": not a duration (such as 500ms, 10s or 1m; a bare number is ms)");
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        Duration d = switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofMillis(amount);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(value.describe() + ": must be between " + human(min) + " and " + human(max));
            return null;
        }
        return d;
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() % 60 != 0 ? d.toSeconds() + "s"
                : d.toMinutes() + "m";
    }
}
