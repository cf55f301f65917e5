package io.foundation.api.mabeam.selection;

/** How often an option was chosen and the reward it earned in total. */
public record ArmStatistics(String id, long pulls, double reward) {
}
