package io.foundation.core.internal.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Query;

/**
 * A {@link Query} checked and compiled once. The filter sees an entry's metadata with every value that reads as a
 * whole number as a {@link Long} and every other value that reads as a decimal number as a {@link Double}, so
 * {@code (load<=5)} compares numerically; other values are strings.
 */
final class Matcher {

    /** What OSGi filter attributes may not contain; see {@link io.foundation.api.registry.Registration}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[^\\s=()~<>*\\\\]+");
    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final Query query;
    private final Filter filter;

    private Matcher(Query query, Filter filter) {
        this.query = query;
        this.filter = filter;
    }

    /** @throws IllegalArgumentException with the parser's message if the filter is not a valid OSGi filter */
    static Matcher of(Query query) {
        if (query.filter().isEmpty() || query.filter().get().isBlank()) {
            return new Matcher(query, null);
        }
        try {
            return new Matcher(query, FrameworkUtil.createFilter(query.filter().get()));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("invalid filter " + query.filter().get() + ": " + e.getMessage(), e);
        }
    }

    Query query() {
        return query;
    }

    boolean matches(Entry entry) {
        return matches(entry, filter == null ? Map.of() : attributes(entry));
    }

    /** {@code attributes} are {@link #attributes(Entry)} of {@code entry}, computed once by the caller. */
    boolean matches(Entry entry, Map<String, Object> attributes) {
        if (query.name().isPresent() && !query.name().get().equals(entry.name())) {
            return false;
        }
        if (!entry.health().atLeast(query.minimum()) || !entry.capabilities().containsAll(query.capabilities())) {
            return false;
        }
        return filter == null || filter.matches(attributes);
    }

    static boolean validAttribute(String key) {
        return key != null && ATTRIBUTE.matcher(key).matches();
    }

    /** The metadata as a filter sees it: numbers typed as numbers. */
    static Map<String, Object> attributes(Entry entry) {
        Map<String, Object> typed = new HashMap<>(entry.metadata().size() * 2);
        entry.metadata().forEach((key, value) -> typed.put(key, typed(value)));
        return typed;
    }

    /** The number {@code value} holds, or null if it holds none. */
    static Double number(String value) {
        Object typed = value == null ? null : typed(value.strip());
        return typed instanceof Number n ? n.doubleValue() : null;
    }

    private static Object typed(String value) {
        if (WHOLE.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        if (DECIMAL.matcher(value).matches()) {
            double d = Double.parseDouble(value);
            if (Double.isFinite(d)) {
                return d;
            }
        }
        return value;
    }
}
