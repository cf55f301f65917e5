package io.foundation.mabeam.internal.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.market.Consumer;
import io.foundation.api.mabeam.market.ExchangeEconomy;
import io.foundation.api.mabeam.market.PriceStep;
import io.foundation.api.mabeam.market.TatonnementOutcome;
import io.foundation.api.mabeam.market.Utility;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TatonnementTest {

    private final Tatonnement tatonnement = new Tatonnement();

    @Provide
    Arbitrary<List<Consumer>> twoGoodCobbDouglas() {
        return consumers(2, Utility.COBB_DOUGLAS);
    }

    @Provide
    Arbitrary<List<Consumer>> threeGoodCobbDouglas() {
        return consumers(3, Utility.COBB_DOUGLAS);
    }

    @Provide
    Arbitrary<List<Consumer>> threeGoodLinear() {
        return consumers(3, Utility.LINEAR);
    }

    private static Arbitrary<List<Consumer>> consumers(int goods, Utility utility) {
        Arbitrary<double[]> row = Arbitraries.doubles().between(0.1, 10).ofScale(2).array(double[].class)
                .ofSize(2 * goods);
        return row.list().ofMinSize(1).ofMaxSize(4).map(rows -> {
            List<Consumer> consumers = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                List<Double> endowment = new ArrayList<>();
                List<Double> weights = new ArrayList<>();
                for (int g = 0; g < goods; g++) {
                    endowment.add(rows.get(i)[g]);
                    weights.add(rows.get(i)[goods + g]);
                }
                consumers.add(new Consumer("c" + i, endowment, utility, weights));
            }
            return consumers;
        });
    }

    private static List<String> goods(int n) {
        return List.of("x", "y", "z").subList(0, n);
    }

    /** Walras' law: the value of excess demand is zero at every step, whatever the prices. */
    private static void walrasLawHoldsAtEveryStep(TatonnementOutcome outcome, List<Consumer> consumers) {
        double scale = consumers.stream().flatMap(c -> c.endowment().stream()).mapToDouble(Double::doubleValue).sum();
        for (PriceStep step : outcome.steps()) {
            double value = 0;
            for (int g = 0; g < step.prices().size(); g++) {
                value += step.prices().get(g) * step.excessDemand().get(g);
            }
            assertThat(Math.abs(value)).isLessThanOrEqualTo(1e-12 * scale);
            assertThat(step.walrasResidual()).isEqualTo(Math.abs(value));
        }
    }

    @Property(tries = 100)
    void convergesToTheClosedFormCobbDouglasEquilibriumWithTwoGoods(
            @ForAll("twoGoodCobbDouglas") List<Consumer> consumers) {
        TatonnementOutcome outcome = tatonnement.run(new ExchangeEconomy(goods(2), consumers, 0.5, 1e-10, 20_000));
        walrasLawHoldsAtEveryStep(outcome, consumers);
        assertThat(outcome.converged()).isTrue();
        // p1/p2 = Σ α_i1·e_i2 / Σ α_i2·e_i1 with α normalised per consumer
        double numerator = 0;
        double denominator = 0;
        for (Consumer c : consumers) {
            double total = c.weights().get(0) + c.weights().get(1);
            numerator += c.weights().get(0) / total * c.endowment().get(1);
            denominator += c.weights().get(1) / total * c.endowment().get(0);
        }
        double ratio = numerator / denominator;
        double expectedFirst = ratio / (1 + ratio);
        assertThat(outcome.prices().get(0)).isCloseTo(expectedFirst, within(1e-6));
        assertThat(outcome.prices().get(1)).isCloseTo(1 - expectedFirst, within(1e-6));
    }

    @Property(tries = 100)
    void convergesToTheLinearSystemEquilibriumWithThreeGoods(
            @ForAll("threeGoodCobbDouglas") List<Consumer> consumers) {
        TatonnementOutcome outcome = tatonnement.run(new ExchangeEconomy(goods(3), consumers, 0.5, 1e-10, 50_000));
        walrasLawHoldsAtEveryStep(outcome, consumers);
        assertThat(outcome.converged()).isTrue();
        double[] expected = cobbDouglasEquilibrium(consumers, 3);
        for (int g = 0; g < 3; g++) {
            assertThat(outcome.prices().get(g)).isCloseTo(expected[g], within(1e-6));
        }
    }

    /**
     * Closed form: at equilibrium p_g·E_g = Σ_i α_ig·(p·e_i), a linear system (M − I)p = 0 with
     * M_gh = Σ_i α_ig·e_ih / E_g; replace one equation by Σp = 1 and solve by Gaussian elimination.
     */
    static double[] cobbDouglasEquilibrium(List<Consumer> consumers, int n) {
        double[] total = new double[n];
        for (Consumer c : consumers) {
            for (int g = 0; g < n; g++) {
                total[g] += c.endowment().get(g);
            }
        }
        double[][] a = new double[n][n + 1];
        for (int g = 0; g < n; g++) {
            for (Consumer c : consumers) {
                double weights = c.weights().stream().mapToDouble(Double::doubleValue).sum();
                for (int h = 0; h < n; h++) {
                    a[g][h] += c.weights().get(g) / weights * c.endowment().get(h) / total[g];
                }
            }
            a[g][g] -= 1;
        }
        for (int h = 0; h <= n; h++) {
            a[n - 1][h] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double factor = a[r][col] / a[col][col];
                    for (int h = col; h <= n; h++) {
                        a[r][h] -= factor * a[col][h];
                    }
                }
            }
        }
        double[] p = new double[n];
        for (int g = 0; g < n; g++) {
            p[g] = a[g][n] / a[g][g];
        }
        return p;
    }

    @Property(tries = 100)
    void reportsConvergenceHonestly(@ForAll("threeGoodLinear") List<Consumer> consumers) {
        TatonnementOutcome outcome = tatonnement.run(new ExchangeEconomy(goods(3), consumers, 0.3, 1e-6, 2_000));
        walrasLawHoldsAtEveryStep(outcome, consumers);
        double[] total = new double[3];
        consumers.forEach(c -> {
            for (int g = 0; g < 3; g++) {
                total[g] += c.endowment().get(g);
            }
        });
        double worst = 0;
        for (int g = 0; g < 3; g++) {
            worst = Math.max(worst, Math.abs(outcome.excessDemand().get(g) / total[g]));
        }
        assertThat(outcome.converged()).isEqualTo(worst <= 1e-6);
        assertThat(outcome.iterations()).isEqualTo(outcome.steps().size());
        if (!outcome.converged()) {
            assertThat(outcome.iterations()).isEqualTo(2_000);
        }
    }

    @Test
    void aLinearEconomyThatCyclesIsReportedAsNotConverged() {
        // Each consumer owns one good and wants only the next one: demand jumps between corners.
        List<Consumer> consumers = List.of(
                new Consumer("a", List.of(1.0, 0.0), Utility.LINEAR, List.of(0.0, 1.0)),
                new Consumer("b", List.of(0.0, 1.0), Utility.LINEAR, List.of(1.0, 1.0)));
        TatonnementOutcome outcome = tatonnement.run(new ExchangeEconomy(goods(2), consumers, 0.9, 1e-9, 500));
        assertThat(outcome.converged()).isFalse();
        assertThat(outcome.iterations()).isEqualTo(500);
    }

    @Test
    void mismatchedShapesAndBadNumbersAreRejected() {
        assertThatThrownBy(() -> tatonnement.run(new ExchangeEconomy(goods(2),
                List.of(new Consumer("a", List.of(1.0), Utility.COBB_DOUGLAS, List.of(1.0, 1.0))), 0.5, 1e-6, 10)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("consumers[0].endowment:");
        assertThatThrownBy(() -> tatonnement.run(new ExchangeEconomy(goods(2),
                List.of(new Consumer("a", List.of(1.0, 1.0), Utility.COBB_DOUGLAS, List.of(1.0, Double.NaN))), 0.5,
                1e-6, 10)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("consumers[0].weights[1]:");
        assertThatThrownBy(() -> tatonnement.run(new ExchangeEconomy(goods(2),
                List.of(new Consumer("a", List.of(1.0, -1.0), Utility.LINEAR, List.of(1.0, 1.0))), 0.5, 1e-6, 10)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("consumers[0].endowment[1]:");
        assertThatThrownBy(() -> tatonnement.run(new ExchangeEconomy(goods(2),
                List.of(new Consumer("a", List.of(1.0, 0.0), Utility.LINEAR, List.of(1.0, 1.0))), 0.5, 1e-6, 10)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("goods[1]:");
        assertThatThrownBy(() -> tatonnement.run(new ExchangeEconomy(goods(2),
                List.of(new Consumer("a", List.of(1.0, 1.0), Utility.LINEAR, List.of(1.0, 1.0))), 1.5, 1e-6, 10)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("stepSize:");
    }
}
