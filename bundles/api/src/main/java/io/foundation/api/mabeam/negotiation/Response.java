package io.foundation.api.mabeam.negotiation;

/** One contractor's answer to one announcement; {@code price} is set for bids (timely or late) only. */
public record Response(String task, String contractor, ResponseKind kind, Long price, long time) {
}
