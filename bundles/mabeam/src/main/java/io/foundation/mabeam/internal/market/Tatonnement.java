package io.foundation.mabeam.internal.market;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.market.Consumer;
import io.foundation.api.mabeam.market.ExchangeEconomy;
import io.foundation.api.mabeam.market.PriceStep;
import io.foundation.api.mabeam.market.TatonnementOutcome;
import io.foundation.api.mabeam.market.Utility;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Walrasian tâtonnement. The auctioneer starts from equal prices summing to 1. Each step every consumer reports its
 * demand at the announced prices (spending exactly its wealth p·e); the auctioneer computes the aggregate excess
 * demand z, stops when every relative excess z_g / E_g (E_g the good's total endowment) is within the tolerance, and
 * otherwise multiplies each price by 1 + λ·min(z_g / E_g, 1) and renormalises. With λ in (0, 1) prices stay positive.
 *
 * <p>Cobb-Douglas consumers spend the share w_g / Σw of their wealth on good g. Linear consumers spend all of it on
 * the goods with the best ratio w_g / p_g, split equally among goods whose ratios are equal to 12 significant digits.
 * Linear economies may cycle; the outcome then says {@code converged = false}.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Tatonnement.NAME,
        CoordinationProtocol.VERSION + "=" + Tatonnement.VERSION,
        CoordinationProtocol.FAMILY + "=" + Tatonnement.FAMILY })
public final class Tatonnement extends Mechanism<ExchangeEconomy, TatonnementOutcome> {

    static final String NAME = "tatonnement";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "market";
    static final int MAX_ITERATIONS = 100_000;

    public Tatonnement() {
        super(NAME, VERSION, FAMILY, ExchangeEconomy.class);
    }

    private record Trader(double[] endowment, Utility utility, double[] weights) {
    }

    @Override
    protected TatonnementOutcome decide(ExchangeEconomy economy) {
        List<String> goods = Check.nonEmpty("goods", economy.goods());
        Set<String> names = new HashSet<>();
        for (int g = 0; g < goods.size(); g++) {
            Check.unique(Check.at("goods", g), goods.get(g), names);
        }
        int n = goods.size();
        List<Consumer> consumers = Check.nonEmpty("consumers", economy.consumers());
        Set<String> ids = new HashSet<>();
        List<Trader> traders = new ArrayList<>();
        double[] total = new double[n];
        for (int i = 0; i < consumers.size(); i++) {
            Consumer consumer = consumers.get(i);
            Check.unique(Check.at("consumers", i, "id"), consumer.id(), ids);
            double[] endowment = vector(Check.at("consumers", i, "endowment"), consumer.endowment(), n);
            Utility utility = Check.present(Check.at("consumers", i, "utility"), consumer.utility());
            String weightsField = Check.at("consumers", i, "weights");
            double[] weights = vector(weightsField, consumer.weights(), n);
            double weightTotal = 0;
            for (int g = 0; g < n; g++) {
                if (utility == Utility.COBB_DOUGLAS && weights[g] == 0) {
                    throw Check.invalid(Check.at(weightsField, g), "Cobb-Douglas weights must be positive");
                }
                weightTotal += weights[g];
                total[g] += endowment[g];
            }
            if (weightTotal == 0) {
                throw Check.invalid(weightsField, "must not all be zero");
            }
            traders.add(new Trader(endowment, utility, weights));
        }
        for (int g = 0; g < n; g++) {
            if (total[g] == 0) {
                throw Check.invalid(Check.at("goods", g), "nobody owns any \"" + goods.get(g) + "\"");
            }
        }
        double step = Check.finite("stepSize", economy.stepSize());
        if (step <= 0 || step >= 1) {
            throw Check.invalid("stepSize", "must be between 0 and 1 (exclusive), was " + step);
        }
        double tolerance = Check.finite("tolerance", economy.tolerance());
        if (tolerance <= 0) {
            throw Check.invalid("tolerance", "must be positive, was " + tolerance);
        }
        int maxIterations = economy.maxIterations();
        if (maxIterations < 1 || maxIterations > MAX_ITERATIONS) {
            throw Check.invalid("maxIterations", "must be between 1 and " + MAX_ITERATIONS + ", was " + maxIterations);
        }

        double[] prices = new double[n];
        Arrays.fill(prices, 1.0 / n);
        List<PriceStep> steps = new ArrayList<>();
        boolean converged = false;
        double[][] demands = null;
        double[] excess = null;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            demands = new double[traders.size()][];
            excess = new double[n];
            for (int i = 0; i < traders.size(); i++) {
                demands[i] = demand(traders.get(i), prices);
                for (int g = 0; g < n; g++) {
                    excess[g] += demands[i][g] - traders.get(i).endowment[g];
                }
            }
            double value = 0;
            double worst = 0;
            for (int g = 0; g < n; g++) {
                value += prices[g] * excess[g];
                worst = Math.max(worst, Math.abs(excess[g] / total[g]));
            }
            steps.add(new PriceStep(iteration, list(prices), list(excess), Math.abs(value)));
            if (worst <= tolerance) {
                converged = true;
                break;
            }
            if (iteration < maxIterations) {
                prices = adjust(prices, excess, total, step);
            }
        }
        List<List<Double>> allocations = new ArrayList<>();
        for (double[] demand : demands) {
            allocations.add(list(demand));
        }
        return new TatonnementOutcome(converged, steps.size(), list(prices), list(excess), allocations, steps,
                Measurements.counts(steps.size(), 2L * traders.size() * steps.size()));
    }

    private static double[] vector(String field, List<Double> values, int n) {
        Check.elements(field, values);
        if (values.size() != n) {
            throw Check.invalid(field, "has " + values.size() + " entries, expected " + n + " (one per good)");
        }
        double[] vector = new double[n];
        for (int g = 0; g < n; g++) {
            vector[g] = Check.nonNegative(Check.at(field, g), values.get(g));
        }
        return vector;
    }

    /** What {@code trader} buys at {@code prices}, spending exactly its wealth. */
    private static double[] demand(Trader trader, double[] prices) {
        int n = prices.length;
        double wealth = 0;
        for (int g = 0; g < n; g++) {
            wealth += prices[g] * trader.endowment[g];
        }
        double[] demand = new double[n];
        if (trader.utility == Utility.COBB_DOUGLAS) {
            double weightTotal = 0;
            for (double weight : trader.weights) {
                weightTotal += weight;
            }
            for (int g = 0; g < n; g++) {
                demand[g] = trader.weights[g] / weightTotal * wealth / prices[g];
            }
            return demand;
        }
        double best = 0;
        for (int g = 0; g < n; g++) {
            best = Math.max(best, trader.weights[g] / prices[g]);
        }
        int tied = 0;
        boolean[] chosen = new boolean[n];
        for (int g = 0; g < n; g++) {
            chosen[g] = trader.weights[g] / prices[g] >= best * (1 - 1e-12);
            tied += chosen[g] ? 1 : 0;
        }
        for (int g = 0; g < n; g++) {
            demand[g] = chosen[g] ? wealth / tied / prices[g] : 0;
        }
        return demand;
    }

    private static double[] adjust(double[] prices, double[] excess, double[] total, double step) {
        double[] next = new double[prices.length];
        double sum = 0;
        for (int g = 0; g < prices.length; g++) {
            next[g] = prices[g] * (1 + step * Math.min(excess[g] / total[g], 1));
            sum += next[g];
        }
        for (int g = 0; g < prices.length; g++) {
            next[g] /= sum;
        }
        return next;
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }
}
