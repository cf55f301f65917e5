package io.foundation.mabeam.internal.protocol;

import java.util.List;
import java.util.Set;

import io.foundation.api.mabeam.InvalidProblemException;

/** Field checks that throw {@link InvalidProblemException} naming the field. Each returns the value it accepted. */
public final class Check {

    private Check() {
    }

    /** {@code field[index]}. */
    public static String at(String field, int index) {
        return field + "[" + index + "]";
    }

    /** {@code field[index].member}. */
    public static String at(String field, int index, String member) {
        return field + "[" + index + "]." + member;
    }

    public static InvalidProblemException invalid(String field, String reason) {
        return new InvalidProblemException(field, reason);
    }

    public static <T> T present(String field, T value) {
        if (value == null) {
            throw invalid(field, "missing");
        }
        return value;
    }

    /** A present list without missing elements; it may be empty. */
    public static <T> List<T> elements(String field, List<T> list) {
        present(field, list);
        for (int i = 0; i < list.size(); i++) {
            present(at(field, i), list.get(i));
        }
        return list;
    }

    /** A present, non-empty list without missing elements. */
    public static <T> List<T> nonEmpty(String field, List<T> list) {
        elements(field, list);
        if (list.isEmpty()) {
            throw invalid(field, "must not be empty");
        }
        return list;
    }

    /** A present, non-blank name. */
    public static String name(String field, String value) {
        present(field, value);
        if (value.isBlank()) {
            throw invalid(field, "must not be blank");
        }
        return value;
    }

    /** A name not seen before in {@code seen}; adds it. */
    public static String unique(String field, String value, Set<String> seen) {
        name(field, value);
        if (!seen.add(value)) {
            throw invalid(field, "duplicate \"" + value + "\"");
        }
        return value;
    }

    public static long nonNegative(String field, long value) {
        if (value < 0) {
            throw invalid(field, "must not be negative, was " + value);
        }
        return value;
    }

    public static long positive(String field, long value) {
        if (value <= 0) {
            throw invalid(field, "must be positive, was " + value);
        }
        return value;
    }

    public static double finite(String field, Double value) {
        present(field, value);
        if (value.isNaN() || value.isInfinite()) {
            throw invalid(field, "must be a finite number, was " + value);
        }
        return value;
    }

    public static double nonNegative(String field, Double value) {
        finite(field, value);
        if (value < 0) {
            throw invalid(field, "must not be negative, was " + value);
        }
        return value;
    }

    /** A finite number in the closed range [low, high]. */
    public static double within(String field, Double value, double low, double high) {
        finite(field, value);
        if (value < low || value > high) {
            throw invalid(field, "must be between " + low + " and " + high + ", was " + value);
        }
        return value;
    }

    /** A sum that must not overflow; {@code field} names what is being added up. */
    public static long add(String field, long total, long value) {
        try {
            return Math.addExact(total, value);
        } catch (ArithmeticException e) {
            throw invalid(field, "amounts add up beyond " + Long.MAX_VALUE);
        }
    }

    /** A product that must not overflow. */
    public static long multiply(String field, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw invalid(field, a + " × " + b + " exceeds " + Long.MAX_VALUE);
        }
    }
}
