package io.foundation.api.mabeam.auction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/**
 * One item sold on a descending clock from {@code startPrice}, falling by {@code decrement} each round down to
 * {@code floorPrice}. Each bidder's proxy accepts as soon as the clock is at most its limit ({@link Bid#amount()});
 * the first acceptance wins at the clock price. {@code maxRounds} caps the clock; 0 means one million.
 */
public record DutchAuction(String item, List<Bid> limits, long startPrice, long decrement, long floorPrice,
        long maxRounds) implements Problem {

    public DutchAuction {
        limits = limits == null ? null : Collections.unmodifiableList(new ArrayList<>(limits));
    }
}
