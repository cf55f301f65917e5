package io.foundation.api.mabeam.market;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/**
 * An exchange economy searched for equilibrium prices by tâtonnement: prices move in the direction of excess demand,
 * {@code stepSize} times the excess relative to the good's total endowment, until every relative excess demand is
 * within {@code tolerance} or {@code maxIterations} steps have been taken (at most 100 000).
 */
public record ExchangeEconomy(List<String> goods, List<Consumer> consumers, double stepSize, double tolerance,
        int maxIterations) implements Problem {

    public ExchangeEconomy {
        goods = goods == null ? null : Collections.unmodifiableList(new ArrayList<>(goods));
        consumers = consumers == null ? null : Collections.unmodifiableList(new ArrayList<>(consumers));
    }
}
