package io.foundation.api.mabeam.auction;

/**
 * A bidder's declared amount for one item, in minor units. In sealed-bid auctions it is the sealed bid; in English
 * and Dutch auctions it is the private limit the bidder's proxy acts on.
 */
public record Bid(String bidder, long amount) {
}
