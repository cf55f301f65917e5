package io.foundation.mabeam.internal.auction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.auction.Allocation;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.MultiUnitAuction;
import io.foundation.api.mabeam.auction.Payment;
import io.foundation.api.mabeam.auction.UniformPricing;
import io.foundation.api.mabeam.auction.UnitBid;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Multi-unit auction at one uniform price. Bids at or above the reserve are filled in order of unit price, highest
 * first, equal prices in submission order; the marginal bid may be filled partly. Every winner pays the same price
 * per unit: the highest rejected unit bid (never below the reserve) or the lowest accepted one.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + UniformPrice.NAME,
        CoordinationProtocol.VERSION + "=" + UniformPrice.VERSION,
        CoordinationProtocol.FAMILY + "=" + UniformPrice.FAMILY })
public final class UniformPrice extends Mechanism<MultiUnitAuction, AuctionOutcome> {

    static final String NAME = "uniform-price";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "auction";

    public UniformPrice() {
        super(NAME, VERSION, FAMILY, MultiUnitAuction.class);
    }

    @Override
    protected AuctionOutcome decide(MultiUnitAuction problem) {
        String item = Check.name("item", problem.item());
        long units = Check.positive("units", problem.units());
        List<UnitBid> bids = Check.nonEmpty("bids", problem.bids());
        long reserve = Check.nonNegative("reservePrice", problem.reservePrice());
        UniformPricing pricing = problem.pricing() == null ? UniformPricing.HIGHEST_REJECTED : problem.pricing();
        Set<String> seen = new HashSet<>();
        long totalValue = 0;
        for (int i = 0; i < bids.size(); i++) {
            UnitBid bid = bids.get(i);
            Check.unique(Check.at("bids", i, "bidder"), bid.bidder(), seen);
            Check.nonNegative(Check.at("bids", i, "unitPrice"), bid.unitPrice());
            Check.positive(Check.at("bids", i, "quantity"), bid.quantity());
            totalValue = Check.add("bids", totalValue,
                    Check.multiply(Check.at("bids", i, "quantity"), bid.unitPrice(), bid.quantity()));
        }

        List<Integer> byPrice = IntStream.range(0, bids.size()).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> -bids.get(i).unitPrice())
                        .thenComparingInt(i -> i))
                .toList();
        long[] filled = fill(bids, byPrice, units, reserve);
        long optimum = welfare(bids, fill(bids, byPrice, units, 0));

        long lowestAccepted = -1;
        long highestRejected = -1;
        for (int i : byPrice) {
            UnitBid bid = bids.get(i);
            if (filled[i] > 0) {
                lowestAccepted = bid.unitPrice();
            }
            if (filled[i] < bid.quantity() && highestRejected < 0) {
                highestRejected = bid.unitPrice();
            }
        }
        long welfare = welfare(bids, filled);
        Fraction efficiency = optimum == 0 ? null : Fraction.of(welfare, optimum);
        long messages = 3L * bids.size();
        if (lowestAccepted < 0) {
            return new AuctionOutcome(List.of(), List.of(), null, List.of(), null,
                    new Measurements(0L, 0L, efficiency, 1, messages));
        }
        long price = pricing == UniformPricing.LOWEST_ACCEPTED ? lowestAccepted : Math.max(reserve, highestRejected);
        List<Allocation> allocations = new ArrayList<>();
        List<Payment> payments = new ArrayList<>();
        long revenue = 0;
        for (int i = 0; i < bids.size(); i++) {
            if (filled[i] > 0) {
                UnitBid bid = bids.get(i);
                allocations.add(new Allocation(bid.bidder(), List.of(item), filled[i], filled[i] * bid.unitPrice()));
                payments.add(new Payment(bid.bidder(), filled[i] * price));
                revenue += filled[i] * price;
            }
        }
        return new AuctionOutcome(allocations, payments, price, List.of(), null,
                new Measurements(welfare, revenue, efficiency, 1, messages));
    }

    /** Units given to each bid, filling bids at or above {@code reserve} in {@code order}. */
    private static long[] fill(List<UnitBid> bids, List<Integer> order, long units, long reserve) {
        long[] filled = new long[bids.size()];
        long left = units;
        for (int i : order) {
            UnitBid bid = bids.get(i);
            if (left == 0 || bid.unitPrice() < reserve) {
                break;
            }
            filled[i] = Math.min(left, bid.quantity());
            left -= filled[i];
        }
        return filled;
    }

    private static long welfare(List<UnitBid> bids, long[] filled) {
        long welfare = 0;
        for (int i = 0; i < filled.length; i++) {
            welfare += filled[i] * bids.get(i).unitPrice();
        }
        return welfare;
    }
}
