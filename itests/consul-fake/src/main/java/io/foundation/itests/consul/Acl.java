package io.foundation.itests.consul;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake's ACL system, modelled on Consul's: when enabled, every request is made with a token (the anonymous
 * token when none is sent), a token that does not exist is refused with 403 {@code ACL not found}, and each token
 * holds rules such as {@code service:write:foundation-} (resource, access, name prefix; the longest matching prefix
 * wins, as in Consul's {@code service_prefix} rules). Names no rule covers get the default policy. Thread-safe.
 */
public final class Acl {

    /** What a rule grants. */
    public enum Access {
        DENY, READ, WRITE;

        boolean allows(Access needed) {
            return this != DENY && compareTo(needed) >= 0;
        }
    }

    /**
     * One rule of a token.
     *
     * @param resource {@code service}, {@code node} or {@code agent}
     * @param access   what it grants on names starting with {@code prefix}
     * @param prefix   name prefix; empty covers every name
     */
    public record Rule(String resource, Access access, String prefix) {

        /**
         * Parses {@code resource:access:prefix}, for example {@code service:write:} (every service) or
         * {@code node:read:fake}.
         *
         * @throws IllegalArgumentException naming the text when it is not a rule
         */
        public static Rule parse(String text) {
            String[] parts = text.strip().split(":", 3);
            if (parts.length != 3 || !List.of("service", "node", "agent").contains(parts[0])) {
                throw new IllegalArgumentException("ACL rule '" + text
                        + "' is not resource:access:prefix with resource service, node or agent");
            }
            try {
                return new Rule(parts[0], Access.valueOf(parts[1].toUpperCase(Locale.ROOT)), parts[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ACL rule '" + text + "': access must be read, write or deny", e);
            }
        }

        /** Parses a comma-separated list of rules; empty text is no rule. */
        public static List<Rule> parseAll(String text) {
            List<Rule> rules = new ArrayList<>();
            if (text != null) {
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        rules.add(parse(part));
                    }
                }
            }
            return List.copyOf(rules);
        }
    }

    /** A token as Consul identifies it in messages: by its accessor id, never by its secret. */
    record Token(String accessorId, List<Rule> rules) {
    }

    /** The accessor id Consul gives the anonymous token. */
    static final String ANONYMOUS_ACCESSOR = "00000000-0000-0000-0000-000000000002";

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile boolean enabled;
    private volatile Access defaultAccess = Access.DENY;
    private volatile Token anonymous = new Token(ANONYMOUS_ACCESSOR, List.of());

    /** Turns ACLs on with {@code defaultPolicy} for names no rule covers: {@code allow} or {@code deny}. */
    public void enable(String defaultPolicy) {
        defaultAccess = switch (defaultPolicy.toLowerCase(Locale.ROOT)) {
            case "allow" -> Access.WRITE;
            case "deny" -> Access.DENY;
            default -> throw new IllegalArgumentException("ACL default policy must be allow or deny, was '"
                    + defaultPolicy + "'");
        };
        enabled = true;
    }

    /** Turns ACLs off: every request is allowed whatever token it carries. */
    public void disable() {
        enabled = false;
    }

    /** Creates or replaces the token with this secret. */
    public void grant(String secret, List<Rule> rules) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a token secret must not be blank");
        }
        Token previous = tokens.get(secret);
        tokens.put(secret, new Token(previous != null ? previous.accessorId() : UUID.randomUUID().toString(),
                List.copyOf(rules)));
    }

    /** What requests without a token may do. */
    public void anonymous(List<Rule> rules) {
        anonymous = new Token(ANONYMOUS_ACCESSOR, List.copyOf(rules));
    }

    /** Deletes the token: requests that still use it get 403 {@code ACL not found}. */
    public void revoke(String secret) {
        tokens.remove(secret);
    }

    /**
     * The token a request acts with; empty when ACLs are off.
     *
     * @throws Denied {@code ACL not found} for a secret that names no token
     */
    Optional<Token> resolve(String secret) throws Denied {
        if (!enabled) {
            return Optional.empty();
        }
        if (secret == null || secret.isEmpty()) {
            return Optional.of(anonymous);
        }
        Token token = tokens.get(secret);
        if (token == null) {
            throw new Denied("ACL not found");
        }
        return Optional.of(token);
    }

    boolean allows(Optional<Token> token, String resource, String name, Access needed) {
        if (token.isEmpty()) {
            return true;
        }
        Rule best = null;
        for (Rule rule : token.get().rules()) {
            if (rule.resource().equals(resource) && name.startsWith(rule.prefix())
                    && (best == null || rule.prefix().length() > best.prefix().length())) {
                best = rule;
            }
        }
        return (best == null ? defaultAccess : best.access()).allows(needed);
    }

    /** Throws Consul's 403 message when {@code token} lacks {@code needed} on {@code resource name}. */
    void require(Optional<Token> token, String resource, String name, Access needed) throws Denied {
        if (!allows(token, resource, name, needed)) {
            throw new Denied("Permission denied: token with AccessorID '" + token.orElseThrow().accessorId()
                    + "' lacks permission '" + resource + ":" + needed.name().toLowerCase(Locale.ROOT) + "' on \""
                    + name + "\"");
        }
    }

    /** A request refused for lack of permission: answered with 403 and the message. */
    static final class Denied extends Exception {
        Denied(String message) {
            super(message);
        }
    }
}
