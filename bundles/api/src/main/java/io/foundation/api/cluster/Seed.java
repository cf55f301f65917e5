package io.foundation.api.cluster;

/**
 * A place where a peer might listen, found by a {@link ClusterStrategy}. A seed is a hint, not a member: the node
 * contacts it and only a node of the same cluster answers. Immutable.
 *
 * @param host a host name or IP literal (IPv6 without brackets)
 * @param port a TCP port, or {@link #ANY_PORT} when the strategy knows only the host; the node then tries its
 *             configured port range on that host
 */
public record Seed(String host, int port) {

    /** Port value meaning "any port of the node's configured range". */
    public static final int ANY_PORT = 0;

    public Seed {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("seed host must not be blank");
        }
        host = host.strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("seed port must be 0..65535, was " + port + " for host " + host);
        }
    }

    /** A seed on the node's configured port range of {@code host}. */
    public static Seed of(String host) {
        return new Seed(host, ANY_PORT);
    }

    public static Seed of(String host, int port) {
        return new Seed(host, port);
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException naming the text when it is not a seed
     */
    public static Seed parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty seed");
        }
        String s = text.strip();
        try {
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in seed '" + text + "'");
                }
                String host = s.substring(1, close);
                String rest = s.substring(close + 1);
                if (rest.isEmpty()) {
                    return of(host);
                }
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']' in seed '" + text + "'");
                }
                return of(host, Integer.parseInt(rest.substring(1)));
            }
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                return of(s);
            }
            if (s.indexOf(':') != colon) {
                return of(s); // a bare IPv6 literal
            }
            return of(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in seed '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? '[' + host + ']' : host;
        return port == ANY_PORT ? h : h + ':' + port;
    }
}
