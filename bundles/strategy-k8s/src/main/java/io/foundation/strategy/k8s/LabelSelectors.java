package io.foundation.strategy.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a label selector against Kubernetes' grammar before any request, so a typo is a configuration problem
 * rather than a 400 from the API server at every round: comma-separated requirements {@code key}, {@code !key},
 * {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)}, {@code key notin (a,b)}.
 */
final class LabelSelectors {

    /** A label name: at most 63 characters, alphanumeric at both ends, {@code -_.} inside. */
    private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
    /** An optional DNS-subdomain prefix and a name: {@code app.kubernetes.io/name}. */
    private static final Pattern KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?" + NAME);
    private static final Pattern VALUE = Pattern.compile("(" + NAME + ")?");
    private static final Pattern SET = Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)");
    private static final Pattern EQUALITY = Pattern.compile("([^=!\\s]+)\\s*(==|=|!=)\\s*(\\S*)");

    private LabelSelectors() {
    }

    /** Why {@code selector} is not a valid label selector, or empty if it is. */
    static Optional<String> problem(String selector) {
        if (selector.isBlank()) {
            return Optional.of("is empty");
        }
        for (String requirement : split(selector)) {
            String r = requirement.strip();
            if (r.isEmpty()) {
                return Optional.of("has an empty requirement (two commas, or a trailing comma)");
            }
            Optional<String> problem = requirementProblem(r);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> requirementProblem(String r) {
        Matcher set = SET.matcher(r);
        if (set.matches()) {
            List<String> values = List.of(set.group(3).split(",", -1));
            for (String v : values) {
                if (!VALUE.matcher(v.strip()).matches()) {
                    return Optional.of("has a bad value '" + v.strip() + "' in '" + r + "'");
                }
            }
            return key(set.group(1), r);
        }
        Matcher eq = EQUALITY.matcher(r);
        if (eq.matches()) {
            if (!VALUE.matcher(eq.group(3)).matches()) {
                return Optional.of("has a bad value '" + eq.group(3) + "' in '" + r + "' (a label value is at most 63 "
                        + "letters, digits, '-', '_' or '.', alphanumeric at both ends)");
            }
            return key(eq.group(1), r);
        }
        String key = r.startsWith("!") ? r.substring(1).strip() : r;
        return key(key, r);
    }

    private static Optional<String> key(String key, String requirement) {
        if (KEY.matcher(key).matches() && prefixLength(key) <= 253) {
            return Optional.empty();
        }
        return Optional.of("has a bad label key '" + key + "' in '" + requirement + "' (expected name or prefix/name, "
                + "for example app or app.kubernetes.io/name)");
    }

    private static int prefixLength(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? 0 : slash;
    }

    /** Splits at commas outside parentheses. */
    private static List<String> split(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
