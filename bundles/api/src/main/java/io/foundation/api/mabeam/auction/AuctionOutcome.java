package io.foundation.api.mabeam.auction;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Result of any auction. No allocation means no sale.
 *
 * @param allocations winners in submission order of their winning bids
 * @param payments what each winner pays, in the same order
 * @param price the price per item or unit where one price applies to all winners; {@code null} otherwise
 * @param clock the prices the clock announced, in order, for English and Dutch auctions; empty otherwise
 * @param search quality of winner determination for combinatorial auctions; {@code null} otherwise
 */
public record AuctionOutcome(List<Allocation> allocations, List<Payment> payments, Long price, List<Long> clock,
        SearchBound search, Measurements measurements) implements Outcome {

    public AuctionOutcome {
        allocations = List.copyOf(allocations);
        payments = List.copyOf(payments);
        clock = clock == null ? List.of() : List.copyOf(clock);
    }
}
