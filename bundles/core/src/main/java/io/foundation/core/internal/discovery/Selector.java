package io.foundation.core.internal.discovery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.StrategySelection;

/**
 * Decides what a {@code cluster} value selects: expands {@code auto} from what the registered strategies detect,
 * and refuses, for a running node, names nobody provides and strategies that report a configuration problem. At
 * start the same findings are only warnings, since bundles that provide strategies may still be starting.
 */
final class Selector {

    /** Strategies that ship in the core bundle. */
    static final Set<String> BUILT_IN = Set.of("local", "multicast", "static", "dns");
    /** Strategies Foundation ships as separate bundles; naming one that is not installed is not a typo. */
    static final Set<String> SHIPPED_SEPARATELY = Set.of("k8s", "consul", "mdns");

    /** How far findings count against a choice. */
    enum Check {
        /** At start: bundles providing strategies may still be starting; everything found is a warning. */
        WARN,
        /** For a configuration file just changed: unknown names refuse it; configuration problems are checked later,
         * once every component has read the same change. */
        NAMES,
        /** Everything found refuses the choice. */
        ALL
    }

    /** The outcome: a selection, or why there is none; plus what is worth a warning either way. */
    record Choice(StrategySelection selection, String refusal, List<String> warnings) {
    }

    private Selector() {
    }

    /**
     * @param configured the {@code cluster} value as a list
     * @param available  the registered strategies by name
     * @param check      which findings refuse the choice rather than warn
     */
    static Choice choose(List<String> configured, Map<String, ClusterStrategy> available, Check check) {
        List<String> names = List.copyOf(new LinkedHashSet<>(configured));
        if (names.isEmpty() || names.equals(List.of("auto"))) {
            return new Choice(auto(configured, available), null, List.of());
        }
        if (names.equals(List.of("false"))) {
            return new Choice(new StrategySelection(configured, List.of(), "cluster=false: single node"), null,
                    List.of());
        }
        if (names.contains("auto") || names.contains("false")) {
            return new Choice(null, "'auto' and 'false' cannot be combined with other values", List.of());
        }
        Set<String> known = new TreeSet<>(available.keySet());
        known.addAll(BUILT_IN);
        known.addAll(SHIPPED_SEPARATELY);
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty() && check != Check.WARN) {
            return new Choice(null, "unknown strategy " + unknown + "; available: " + known, List.of());
        }
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
            problems.add("unknown strategy " + unknown + "; available: " + known);
        }
        for (String name : names) {
            ClusterStrategy strategy = available.get(name);
            if (strategy != null) {
                problemOf(strategy).ifPresent(p -> problems.add("strategy " + name + ": " + p));
            }
        }
        if (check == Check.ALL && !problems.isEmpty()) {
            return new Choice(null, String.join("; ", problems), List.of());
        }
        return new Choice(new StrategySelection(configured, names, "configured"), null,
                check == Check.WARN ? problems : List.of());
    }

    private static StrategySelection auto(List<String> configured, Map<String, ClusterStrategy> available) {
        Map<String, String> detected = new TreeMap<>();
        available.forEach((name, strategy) -> detectionOf(strategy).ifPresent(why -> detected.put(name, why)));
        if (!detected.isEmpty()) {
            StringBuilder reason = new StringBuilder("auto:");
            detected.forEach((name, why) -> reason.append(' ').append(name).append(" (").append(why).append(')'));
            return new StrategySelection(configured, List.copyOf(detected.keySet()), reason.toString());
        }
        List<String> fallback = new ArrayList<>(List.of("local", "multicast"));
        if (available.containsKey("mdns")) {
            fallback.add("mdns");
        }
        return new StrategySelection(configured, fallback, "auto: no environment detected (no strategy such as k8s "
                + "or consul recognised where this node runs), so nodes on this host (local) and on the LAN ("
                + String.join(", ", fallback.subList(1, fallback.size())) + ")");
    }

    /** A strategy that cannot say whether it is configured counts as misconfigured. */
    private static Optional<String> problemOf(ClusterStrategy strategy) {
        try {
            Optional<String> problem = strategy.configurationProblem();
            return problem == null ? Optional.empty() : problem;
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("configurationProblem() failed: " + e);
        }
    }

    /** A strategy that cannot say whether it applies here does not. */
    private static Optional<String> detectionOf(ClusterStrategy strategy) {
        try {
            Optional<String> why = strategy.detect();
            return why == null ? Optional.empty() : why;
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
