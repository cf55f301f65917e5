package io.foundation.api.mabeam.auction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/**
 * One item sold by sealed bids (first-price or Vickrey). Bids below {@code reservePrice} cannot win; each bidder
 * bids once.
 */
public record SealedBidAuction(String item, List<Bid> bids, long reservePrice) implements Problem {

    public SealedBidAuction {
        bids = bids == null ? null : Collections.unmodifiableList(new ArrayList<>(bids));
    }
}
