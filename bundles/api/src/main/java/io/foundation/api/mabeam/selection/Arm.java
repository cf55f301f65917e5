package io.foundation.api.mabeam.selection;

/** A simulated option paying reward 1 with probability {@code mean} and 0 otherwise. */
public record Arm(String id, double mean) {
}
