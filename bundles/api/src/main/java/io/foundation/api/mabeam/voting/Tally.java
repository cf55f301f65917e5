package io.foundation.api.mabeam.voting;

import io.foundation.api.mabeam.Fraction;

/**
 * A candidate's score under the rule (votes, approvals, Borda points, or for Schulze the number of candidates it beats
 * by strongest paths) and {@code share}, the score divided by the total weight cast, or by the total score for Borda
 * and Schulze.
 */
public record Tally(String candidate, long score, Fraction share) {
}
