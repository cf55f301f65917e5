package io.foundation.api.mabeam.market;

import java.util.List;

/**
 * One tâtonnement step: the prices announced (normalised to sum to 1), the aggregate excess demand they produced,
 * and the Walras residual {@code |p·z|}, which is 0 up to rounding at every step.
 */
public record PriceStep(int iteration, List<Double> prices, List<Double> excessDemand, double walrasResidual) {

    public PriceStep {
        prices = List.copyOf(prices);
        excessDemand = List.copyOf(excessDemand);
    }
}
