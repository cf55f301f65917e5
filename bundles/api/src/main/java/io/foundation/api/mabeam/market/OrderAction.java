package io.foundation.api.mabeam.market;

/** What an {@link OrderEvent} does. */
public enum OrderAction {
    /** Submit a new limit order; it trades at once against the opposite side as far as it crosses, then rests. */
    SUBMIT,
    /** Cancel what is left of an earlier order. */
    CANCEL
}
