package io.foundation.api.mabeam.auction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/**
 * Items sold in bundles: the auction accepts disjoint bundle bids, at most one per bidder, maximising the sum of
 * accepted amounts. {@code limit} may bound the search; {@code null} means exact.
 */
public record CombinatorialAuction(List<Item> items, List<BundleBid> bids, SearchLimit limit) implements Problem {

    public CombinatorialAuction {
        items = items == null ? null : Collections.unmodifiableList(new ArrayList<>(items));
        bids = bids == null ? null : Collections.unmodifiableList(new ArrayList<>(bids));
    }
}
