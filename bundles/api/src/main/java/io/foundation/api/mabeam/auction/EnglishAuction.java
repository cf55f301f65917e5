package io.foundation.api.mabeam.auction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/**
 * One item sold on an ascending clock. The clock starts at {@code startPrice} (the reserve) and rises by
 * {@code increment} each round; each bidder's proxy stays in while the clock is at most its private value
 * ({@link Bid#amount()}). {@code maxRounds} caps the clock; 0 means one million.
 */
public record EnglishAuction(String item, List<Bid> values, long startPrice, long increment, long maxRounds)
        implements Problem {

    public EnglishAuction {
        values = values == null ? null : Collections.unmodifiableList(new ArrayList<>(values));
    }
}
