package io.foundation.api.mabeam.auction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one bidder receives: the items (or {@code quantity} units of one item) and the declared value of them, in
 * minor units.
 */
public record Allocation(String bidder, List<String> items, long quantity, long value) {

    public Allocation {
        items = items == null ? null : Collections.unmodifiableList(new ArrayList<>(items));
    }
}
