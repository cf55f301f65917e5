package io.foundation.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values from a configuration map and collects a readable problem for every value that does not
 * parse, falling back to the previous good value of that key. DS typed configurations would silently turn
 * {@code bind.port=abc} into 0; operators need to be told instead.
 */
public final class SettingsReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    private final Map<String, ?> values;
    private final List<String> problems = new ArrayList<>();

    public SettingsReader(Map<String, ?> values) {
        this.values = values;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public String text(String key, String fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? fallback : text;
    }

    public int integer(String key, int min, int max, int fallback) {
        Object value = values.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        try {
            int parsed = value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
            if (parsed < min || parsed > max) {
                return reject(key, value, "must be between " + min + " and " + max, fallback);
            }
            return parsed;
        } catch (NumberFormatException e) {
            return reject(key, value, "is not a whole number", fallback);
        }
    }

    /** A duration given as {@code 500}, {@code 500ms}, {@code 2s} or {@code 1m}; a bare number means milliseconds. */
    public Duration duration(String key, Duration min, Duration max, Duration fallback) {
        Object value = values.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        if (value instanceof Number n) {
            return within(key, value, Duration.ofMillis(n.longValue()), min, max, fallback);
        }
        Matcher m = DURATION.matcher(value.toString().strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return reject(key, value, "is not a duration such as 500ms or 2s", fallback);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        Duration parsed = switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofMillis(amount);
        };
        return within(key, value, parsed, min, max, fallback);
    }

    /** A comma-separated list, entries trimmed, blanks dropped. */
    public List<String> list(String key, List<String> fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String[] array) {
            return Arrays.stream(array).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return Arrays.stream(value.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Records a problem found by the caller's own validation and returns the fallback. */
    public <T> T reject(String key, Object value, String why, T fallback) {
        problems.add(key + "=" + value + " " + why + "; keeping " + describe(fallback));
        return fallback;
    }

    private Duration within(String key, Object raw, Duration parsed, Duration min, Duration max, Duration fallback) {
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            return reject(key, raw, "must be between " + min.toMillis() + "ms and " + max.toMillis() + "ms", fallback);
        }
        return parsed;
    }

    private static String describe(Object fallback) {
        if (fallback instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        if (fallback instanceof List<?> l) {
            return l.isEmpty() ? "(none)" : String.join(",", l.stream().map(Object::toString).toList());
        }
        return String.valueOf(fallback);
    }
}
