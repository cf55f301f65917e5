package io.foundation.api.mabeam.auction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A bid of {@code amount} (minor units) for all of {@code items} together or nothing. A bidder may place several
 * bundle bids; at most one of them wins (XOR bidding).
 */
public record BundleBid(String bidder, List<String> items, long amount) {

    public BundleBid {
        items = items == null ? null : Collections.unmodifiableList(new ArrayList<>(items));
    }
}
