package io.foundation.api.mabeam.market;

/** Which side of the book an order is on. */
public enum Side {
    /** A buy order. */
    BID,
    /** A sell order. */
    ASK
}
