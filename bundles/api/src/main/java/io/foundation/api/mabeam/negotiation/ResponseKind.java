package io.foundation.api.mabeam.negotiation;

/** How a contractor answered an announcement. */
public enum ResponseKind {
    /** A bid in time. */
    BID,
    /** A bid that arrived after the deadline and was discarded. */
    LATE,
    /** Refused: lacks a required capability. */
    REFUSED_INCAPABLE,
    /** Refused: has no quote for the task. */
    REFUSED_NO_QUOTE,
    /** Refused: already holds as many awards as its capacity. */
    REFUSED_AT_CAPACITY
}
