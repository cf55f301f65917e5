package io.foundation.api.mabeam.voting;

/** How an election ended. */
public enum Decision {
    /** One winner. */
    ELECTED,
    /** Candidates tied for the win and the tie rule was {@link TieBreak#NO_WINNER}. */
    TIE,
    /** Less weight was cast than the quorum; nothing was decided. */
    NO_QUORUM,
    /** No candidate exceeded the weighted rule's quota. */
    NO_QUOTA
}
