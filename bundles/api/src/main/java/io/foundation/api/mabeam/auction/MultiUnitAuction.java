package io.foundation.api.mabeam.auction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/**
 * {@code units} identical units sold at one uniform price. Bids at or above {@code reservePrice} are filled from the
 * highest unit price down; the marginal bid may be filled partly. {@code pricing} defaults to
 * {@link UniformPricing#HIGHEST_REJECTED}.
 */
public record MultiUnitAuction(String item, long units, List<UnitBid> bids, long reservePrice,
        UniformPricing pricing) implements Problem {

    public MultiUnitAuction {
        bids = bids == null ? null : Collections.unmodifiableList(new ArrayList<>(bids));
    }
}
