package io.foundation.api.mabeam.voting;

/** What happens when candidates tie for the win. */
public enum TieBreak {
    /** The tied candidate listed first in {@link Election#candidates()} wins. */
    CANDIDATE_ORDER,
    /** Nobody wins; the outcome lists the tied candidates. */
    NO_WINNER
}
