package io.foundation.mabeam.internal.auction;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.auction.Allocation;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.Bid;
import io.foundation.api.mabeam.auction.Payment;
import io.foundation.mabeam.internal.protocol.Check;

/** Validated bids for one item: at least one, bidders unique and named, amounts non-negative, in submission order. */
final class SingleItemBids {

    final String item;
    final String[] bidders;
    final long[] amounts;

    private SingleItemBids(String item, String[] bidders, long[] amounts) {
        this.item = item;
        this.bidders = bidders;
        this.amounts = amounts;
    }

    static SingleItemBids check(String item, String field, List<Bid> bids) {
        Check.name("item", item);
        Check.nonEmpty(field, bids);
        String[] bidders = new String[bids.size()];
        long[] amounts = new long[bids.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < bids.size(); i++) {
            Bid bid = bids.get(i);
            bidders[i] = Check.unique(Check.at(field, i, "bidder"), bid.bidder(), seen);
            amounts[i] = Check.nonNegative(Check.at(field, i, "amount"), bid.amount());
        }
        return new SingleItemBids(item, bidders, amounts);
    }

    int size() {
        return amounts.length;
    }

    /** Index of the highest amount at least {@code floor}, the earliest on a tie; -1 if none. */
    int highest(long floor) {
        int best = -1;
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] >= floor && (best < 0 || amounts[i] > amounts[best])) {
                best = i;
            }
        }
        return best;
    }

    /** The highest amount of any bidder other than {@code excluded}; 0 if there is none. */
    long highestExcept(int excluded) {
        long best = 0;
        for (int i = 0; i < amounts.length; i++) {
            if (i != excluded) {
                best = Math.max(best, amounts[i]);
            }
        }
        return best;
    }

    long maxAmount() {
        return amounts[highest(0)];
    }

    /** The item goes to {@code winner} at {@code price}, or to nobody when {@code winner} is -1. */
    AuctionOutcome outcome(int winner, long price, List<Long> clock, long rounds, long messages) {
        long optimum = maxAmount();
        if (winner < 0) {
            return new AuctionOutcome(List.of(), List.of(), null, clock, null,
                    new Measurements(0L, 0L, efficiency(0, optimum), rounds, messages));
        }
        long value = amounts[winner];
        return new AuctionOutcome(List.of(new Allocation(bidders[winner], List.of(item), 1, value)),
                List.of(new Payment(bidders[winner], price)), price, clock, null,
                new Measurements(value, price, efficiency(value, optimum), rounds, messages));
    }

    private static Fraction efficiency(long welfare, long optimum) {
        return optimum == 0 ? null : Fraction.of(welfare, optimum);
    }
}
