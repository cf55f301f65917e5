package io.foundation.api.mabeam.auction;

/** A bid for up to {@code quantity} identical units at {@code unitPrice} each (minor units). */
public record UnitBid(String bidder, long unitPrice, long quantity) {
}
