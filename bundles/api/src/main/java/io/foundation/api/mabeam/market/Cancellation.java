package io.foundation.api.mabeam.market;

/** A cancel that took {@code quantity} unfilled units of {@code orderId} off the book; 0 if nothing was left. */
public record Cancellation(String orderId, long quantity) {
}
