package io.foundation.settings;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.BundleContext;

/**
 * Layers the sources of a setting, highest first: a framework or system property {@code foundation.<key>} (the
 * launcher's {@code --name} ends up here), an environment variable {@code FOUNDATION_<KEY>} (dots and dashes become
 * underscores, upper case), the configuration file, and finally the component's built-in default.
 *
 * <p>Done in code rather than as a ConfigAdmin plugin so the result never depends on which service registered
 * first, and works when no configuration file exists at all.
 */
public final class Overrides {

    /** Environment variables that name a key differently from the general rule, for brevity. */
    private static final Map<String, String> ALIASES = Map.of("FOUNDATION_SEEDS", "static.seeds");

    private static final String ENV_PREFIX = "FOUNDATION_";
    private static final String PROPERTY_PREFIX = "foundation.";

    private final Map<String, String> environment;
    private final Function<String, String> frameworkProperty;

    /** Overrides from this process's environment and the framework properties of {@code context}. */
    public static Overrides of(BundleContext context) {
        return new Overrides(System.getenv(), context::getProperty);
    }

    public Overrides(Map<String, String> environment, Function<String, String> frameworkProperty) {
        this.environment = Map.copyOf(environment);
        this.frameworkProperty = frameworkProperty;
    }

    /** The effective settings: {@code configured} with every environment and property override of {@code keys}. */
    public Map<String, Object> apply(Map<String, ?> configured, Iterable<String> keys) {
        Map<String, Object> effective = new HashMap<>(configured);
        for (String key : keys) {
            String fromEnv = environment.get(envName(key));
            if (fromEnv == null) {
                fromEnv = aliasFor(key);
            }
            if (fromEnv != null) {
                effective.put(key, fromEnv);
            }
            String fromProperty = frameworkProperty.apply(PROPERTY_PREFIX + key);
            if (fromProperty != null) {
                effective.put(key, fromProperty);
            }
        }
        return effective;
    }

    /** Where an effective value came from, for operators asking "why is it set to that?". */
    public String sourceOf(String key) {
        if (frameworkProperty.apply(PROPERTY_PREFIX + key) != null) {
            return "property " + PROPERTY_PREFIX + key;
        }
        if (environment.containsKey(envName(key))) {
            return "environment " + envName(key);
        }
        for (Map.Entry<String, String> alias : ALIASES.entrySet()) {
            if (alias.getValue().equals(key) && environment.containsKey(alias.getKey())) {
                return "environment " + alias.getKey();
            }
        }
        return "configuration";
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private String aliasFor(String key) {
        for (Map.Entry<String, String> alias : ALIASES.entrySet()) {
            if (alias.getValue().equals(key) && environment.containsKey(alias.getKey())) {
                return environment.get(alias.getKey());
            }
        }
        return null;
    }
}
