package io.foundation.core.internal.services;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.foundation.api.services.Distributed;
import io.foundation.api.services.SplitBrainPolicy;

/**
 * One component declared as a distributed service, read from its component description: either valid, with every
 * setting read, or invalid with a {@link #problem} naming the component and the cause (the service then never
 * runs).
 *
 * @param name       the component name
 * @param bundleId   the bundle that declares it
 * @param pid        the configuration PID the node creates factory configurations of
 * @param mode       empty if invalid
 * @param guarantee  for singletons
 * @param roles      members with one of these run it; empty = every member
 * @param keys       for partitioned services: declared keys and numbered partitions
 * @param policy     the service's split-brain policy setting; blank = the cluster's
 * @param handoffMs  how long a handoff may take
 * @param properties the component's own properties, copied into the configurations the node creates
 * @param problem    why the declaration is invalid
 */
record Declaration(String name, long bundleId, String pid, Optional<Distributed.Mode> mode,
                   Distributed.Guarantee guarantee, Set<String> roles, Set<String> keys, String policy,
                   long handoffMs, Map<String, Object> properties, Optional<String> problem) {

    static final String MODE = Distributed.PREFIX_ + "mode";
    static final String GUARANTEE = Distributed.PREFIX_ + "guarantee";
    static final String ROLES = Distributed.PREFIX_ + "roles";
    static final String KEYS = Distributed.PREFIX_ + "keys";
    static final String PARTITIONS = Distributed.PREFIX_ + "partitions";
    static final String POLICY = Distributed.PREFIX_ + "policy";
    static final String HANDOFF = Distributed.PREFIX_ + "handoff";
    private static final long DEFAULT_HANDOFF_MS = 5000;

    Declaration {
        roles = Set.copyOf(roles);
        keys = java.util.Collections.unmodifiableSet(new TreeSet<>(keys));
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Whether a component with these properties asks to be a distributed service. */
    static boolean declares(Map<String, ?> properties) {
        return properties.containsKey(MODE);
    }

    /**
     * Reads and validates a component description.
     *
     * @param configurationPids   the description's configuration PIDs; the first is used
     * @param configurationPolicy the description's policy: {@code optional}, {@code require} or {@code ignore}
     */
    static Declaration read(String name, long bundleId, String[] configurationPids, String configurationPolicy,
                            Map<String, ?> properties) {
        String pid = configurationPids != null && configurationPids.length > 0 ? configurationPids[0] : name;
        Map<String, Object> own = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (!k.startsWith("component.") && !k.startsWith("service.") && !k.startsWith("objectClass")) {
                own.put(k, v);
            }
        });
        List<String> problems = new ArrayList<>();

        Distributed.Mode mode = null;
        List<String> modes = texts(properties.get(MODE));
        if (modes.isEmpty()) {
            problems.add(MODE + " is empty; use singleton, replicated or partitioned");
        } else if (new LinkedHashSet<>(modes.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList()).size() > 1) {
            problems.add("declared with several modes " + modes + "; a distributed service has exactly one of "
                    + "singleton, replicated or partitioned");
        } else {
            mode = parse(Distributed.Mode.class, modes.get(0));
            if (mode == null) {
                problems.add("unknown mode '" + modes.get(0) + "'; use singleton, replicated or partitioned");
            }
        }

        if (!"require".equalsIgnoreCase(configurationPolicy)) {
            problems.add("configuration policy is '" + configurationPolicy + "' but a distributed service needs "
                    + "configurationPolicy = REQUIRE: otherwise Declarative Services runs it on every node");
        }

        Distributed.Guarantee guarantee = Distributed.Guarantee.FAST;
        List<String> guarantees = texts(properties.get(GUARANTEE));
        if (guarantees.size() > 1) {
            problems.add("several guarantees " + guarantees + "; use fast or strict");
        } else if (guarantees.size() == 1) {
            guarantee = parse(Distributed.Guarantee.class, guarantees.get(0));
            if (guarantee == null) {
                problems.add("unknown guarantee '" + guarantees.get(0) + "'; use fast or strict");
                guarantee = Distributed.Guarantee.FAST;
            }
        }

        Set<String> keys = new TreeSet<>(texts(properties.get(KEYS)));
        keys.removeIf(String::isBlank);
        long partitions = number(properties.get(PARTITIONS), 0, PARTITIONS, problems);
        if (partitions < 0 || partitions > 65_536) {
            problems.add(PARTITIONS + " must be 0..65536, was " + partitions);
        } else {
            for (int i = 0; i < partitions; i++) {
                keys.add(Integer.toString(i));
            }
        }
        if (mode == Distributed.Mode.PARTITIONED && keys.isEmpty()) {
            problems.add("a partitioned service needs keys: set " + KEYS + " or " + PARTITIONS + " > 0");
        }

        String policy = String.join(",", texts(properties.get(POLICY))).trim();
        if (!policy.isEmpty()) {
            validPolicy(policy).ifPresent(problems::add);
        }

        long handoff = number(properties.get(HANDOFF), DEFAULT_HANDOFF_MS, HANDOFF, problems);
        if (handoff < 0) {
            problems.add(HANDOFF + " must be >= 0 ms, was " + handoff);
        }

        Set<String> roles = new LinkedHashSet<>(texts(properties.get(ROLES)));
        roles.removeIf(String::isBlank);
        Optional<String> problem = problems.isEmpty() ? Optional.empty()
                : Optional.of("distributed service " + name + " is not run: " + String.join("; ", problems));
        return new Declaration(name, bundleId, pid, problem.isPresent() ? Optional.empty() : Optional.of(mode),
                guarantee, roles, mode == Distributed.Mode.PARTITIONED ? keys : Set.of(), policy,
                Math.max(0, handoff), own, problem);
    }

    /** Equal settings and equal property values (arrays compared by content). */
    boolean sameAs(Declaration other) {
        return name.equals(other.name) && bundleId == other.bundleId && pid.equals(other.pid)
                && mode.equals(other.mode) && guarantee == other.guarantee && roles.equals(other.roles)
                && keys.equals(other.keys) && policy.equals(other.policy) && handoffMs == other.handoffMs
                && problem.equals(other.problem) && normalized(properties).equals(normalized(other.properties));
    }

    private static Map<String, List<String>> normalized(Map<String, Object> properties) {
        Map<String, List<String>> out = new TreeMap<>();
        properties.forEach((k, v) -> out.put(k, texts(v)));
        return out;
    }

    boolean valid() {
        return problem.isEmpty();
    }

    boolean strict() {
        return mode.orElse(null) == Distributed.Mode.SINGLETON && guarantee == Distributed.Guarantee.STRICT;
    }

    /** Why {@code policy} is not a split-brain policy setting, empty if it is one. */
    static Optional<String> validPolicy(String policy) {
        try {
            SplitBrainPolicy parsed = SplitBrainPolicy.parse(policy);
            int colon = policy.indexOf(':');
            if (parsed == SplitBrainPolicy.STATIC_QUORUM) {
                String size = colon < 0 ? "" : policy.substring(colon + 1).trim();
                try {
                    if (Integer.parseInt(size) < 1) {
                        return Optional.of("policy '" + policy + "': the quorum must be at least 1");
                    }
                } catch (NumberFormatException e) {
                    return Optional.of("policy '" + policy + "': static-quorum needs a size, such as static-quorum:3");
                }
            } else if (colon >= 0) {
                return Optional.of("policy '" + policy + "': only static-quorum takes a size");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        return null;
    }

    private static long number(Object value, long absent, String key, List<String> problems) {
        List<String> texts = texts(value);
        if (texts.isEmpty()) {
            return absent;
        }
        if (texts.size() > 1) {
            problems.add(key + " has several values " + texts);
            return absent;
        }
        try {
            return Long.parseLong(texts.get(0).trim());
        } catch (NumberFormatException e) {
            problems.add(key + " is not a number: '" + texts.get(0) + "'");
            return absent;
        }
    }

    /** A property value (scalar, array or collection) as strings. */
    static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        } else {
            out.add(String.valueOf(value));
        }
        return out;
    }
}
