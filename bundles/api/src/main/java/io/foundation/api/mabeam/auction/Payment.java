package io.foundation.api.mabeam.auction;

/** What one bidder pays, in minor units. */
public record Payment(String bidder, long amount) {
}
