package io.foundation.api.mabeam.market;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Result of a continuous double auction or a call market. Welfare is the gains from trade at the orders' limit
 * prices; efficiency compares it with the best possible gains from the same orders.
 *
 * @param trades trades in the order they happened
 * @param bids resting buy orders with their remaining quantity, best first (highest price, then earliest)
 * @param asks resting sell orders with their remaining quantity, best first (lowest price, then earliest)
 * @param cancellations cancels in the order they were processed
 * @param clearingPrice the single price of a call market; {@code null} for a continuous market or no trade
 */
public record TradeOutcome(List<Trade> trades, List<Order> bids, List<Order> asks, List<Cancellation> cancellations,
        Long clearingPrice, Measurements measurements) implements Outcome {

    public TradeOutcome {
        trades = List.copyOf(trades);
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
        cancellations = List.copyOf(cancellations);
    }
}
