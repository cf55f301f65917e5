package io.foundation.api.mabeam.negotiation;

/** One of the two bargainers; {@link #FIRST} proposes first. */
public enum Party {
    FIRST,
    SECOND
}
