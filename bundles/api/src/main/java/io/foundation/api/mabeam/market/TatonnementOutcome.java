package io.foundation.api.mabeam.market;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Result of tâtonnement, honest about failure: {@code converged} is true only when every relative excess demand at
 * {@code prices} is within the tolerance.
 *
 * @param prices the last prices announced, normalised to sum to 1
 * @param excessDemand aggregate excess demand at {@code prices}, one entry per good
 * @param allocations each consumer's demand at {@code prices}, in consumer order
 * @param steps every step taken, in order
 */
public record TatonnementOutcome(boolean converged, int iterations, List<Double> prices, List<Double> excessDemand,
        List<List<Double>> allocations, List<PriceStep> steps, Measurements measurements) implements Outcome {

    public TatonnementOutcome {
        prices = List.copyOf(prices);
        excessDemand = List.copyOf(excessDemand);
        allocations = allocations.stream().map(List::copyOf).toList();
        steps = List.copyOf(steps);
    }
}
