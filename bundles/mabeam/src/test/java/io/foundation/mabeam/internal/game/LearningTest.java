package io.foundation.mabeam.internal.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.game.BimatrixGame;
import io.foundation.api.mabeam.game.EquilibriumOutcome;
import io.foundation.api.mabeam.game.LearningOutcome;
import io.foundation.api.mabeam.game.RepeatedPlay;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LearningTest {

    private final RegretMatching regretMatching = new RegretMatching();
    private final Hedge hedge = new Hedge();
    private final FictitiousPlay fictitiousPlay = new FictitiousPlay();

    @Provide
    Arbitrary<BimatrixGame> games() {
        return Games.games(3, 10).filter(g -> Learning.range(Payoffs.check("", g, 3).row) > 0
                && Learning.range(Payoffs.check("", g, 3).column) > 0);
    }

    private static double range(BimatrixGame game) {
        Payoffs payoffs = Payoffs.check("", game, 10);
        return Math.max(Learning.range(payoffs.row), Learning.range(payoffs.column));
    }

    @Property(tries = 20)
    void regretMatchingPlayApproachesTheCorrelatedEquilibria(@ForAll("games") BimatrixGame game,
            @ForAll @LongRange(max = 1_000) long seed) {
        LearningOutcome early = regretMatching.run(new RepeatedPlay(game, 2_000, seed, 0));
        int rounds = 200_000;
        LearningOutcome late = regretMatching.run(new RepeatedPlay(game, rounds, seed, 0));
        // The inertia μ = 2·(actions − 1)·range keeps switches rare, so play settles slowly: allow μ·T^(-1/4)
        // (about a fifth of the range on 3×3 games here) rather than a fixed share of the range.
        Payoffs payoffs = Payoffs.check("", game, 10);
        double inertia = 2 * Math.max(1, Math.max(payoffs.rows, payoffs.columns) - 1) * range(game);
        assertThat(late.correlatedGap()).isLessThanOrEqualTo(inertia * Math.pow(rounds, -0.25));
        // realised play is sampled, so the gap is not monotone round by round: once the early run is
        // already inside the sampling noise (1% of the payoff range) more play only has to stay there
        assertThat(late.correlatedGap()).isLessThanOrEqualTo(Math.max(early.correlatedGap(), 0.01 * range(game)));
        double total = late.jointPlay().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).sum();
        assertThat(total).isCloseTo(1, within(1e-9));
    }

    @Property(tries = 30)
    void hedgeAverageRegretIsWithinItsBoundAndGoesToZero(@ForAll("games") BimatrixGame game) {
        double previous = Double.POSITIVE_INFINITY;
        Payoffs payoffs = Payoffs.check("", game, 10);
        for (int rounds : new int[] {100, 1_000, 10_000}) {
            LearningOutcome outcome = hedge.run(new RepeatedPlay(game, rounds, 0, 0));
            double rowBound = Learning.range(payoffs.row) * Math.sqrt(Math.log(payoffs.rows) / (2.0 * rounds));
            double columnBound = Learning.range(payoffs.column)
                    * Math.sqrt(Math.log(payoffs.columns) / (2.0 * rounds));
            assertThat(outcome.rowRegret()).isLessThanOrEqualTo(rowBound + 1e-9);
            assertThat(outcome.columnRegret()).isLessThanOrEqualTo(columnBound + 1e-9);
            double worst = Math.max(rowBound, columnBound);
            assertThat(worst).isLessThan(previous);
            previous = worst;
        }
    }

    @Property(tries = 30)
    void fictitiousPlayInZeroSumGamesApproachesTheValue(@ForAll("zeroSum") BimatrixGame game) {
        EquilibriumOutcome equilibria = new SupportEnumeration().run(game);
        double value = equilibria.equilibria().get(0).rowPayoff().doubleValue();
        LearningOutcome outcome = fictitiousPlay.run(new RepeatedPlay(game, 50_000, 0, 0));
        Payoffs payoffs = Payoffs.check("", game, 10);
        // what each empirical strategy guarantees brackets the value, and the bracket closes
        double rowGuarantee = Double.POSITIVE_INFINITY;
        for (int j = 0; j < payoffs.columns; j++) {
            double payoff = 0;
            for (int i = 0; i < payoffs.rows; i++) {
                payoff += outcome.rowStrategy().get(i) * payoffs.row[i][j];
            }
            rowGuarantee = Math.min(rowGuarantee, payoff);
        }
        double columnConcedes = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < payoffs.rows; i++) {
            double payoff = 0;
            for (int j = 0; j < payoffs.columns; j++) {
                payoff += outcome.columnStrategy().get(j) * payoffs.row[i][j];
            }
            columnConcedes = Math.max(columnConcedes, payoff);
        }
        assertThat(rowGuarantee).isLessThanOrEqualTo(value + 1e-9);
        assertThat(columnConcedes).isGreaterThanOrEqualTo(value - 1e-9);
        assertThat(columnConcedes - rowGuarantee).isLessThanOrEqualTo(0.05 * range(game));
    }

    @Provide
    Arbitrary<BimatrixGame> zeroSum() {
        return Games.games(3, 10).map(g -> new BimatrixGame(g.rowPayoffs(),
                g.rowPayoffs().stream().map(row -> row.stream().map(v -> -v).toList()).toList()));
    }

    @Test
    void fictitiousPlayOnMatchingPenniesMixesEvenly() {
        BimatrixGame pennies = Games.game(new double[][] {{1, -1}, {-1, 1}}, new double[][] {{-1, 1}, {1, -1}});
        LearningOutcome outcome = fictitiousPlay.run(new RepeatedPlay(pennies, 100_000, 0, 0));
        assertThat(outcome.rowStrategy().get(0)).isCloseTo(0.5, within(0.01));
        assertThat(outcome.columnStrategy().get(0)).isCloseTo(0.5, within(0.01));
    }

    @Test
    void regretMatchingIsDeterministicForASeed() {
        BimatrixGame chicken = Games.game(new double[][] {{0, -1}, {1, -10}}, new double[][] {{0, 1}, {-1, -10}});
        assertThat(regretMatching.run(new RepeatedPlay(chicken, 5_000, 42, 0)))
                .isEqualTo(regretMatching.run(new RepeatedPlay(chicken, 5_000, 42, 0)));
    }

    @Test
    void badRepeatedGamesAreRejected() {
        BimatrixGame game = Games.game(new double[][] {{1, 2}}, new double[][] {{1, 2}});
        assertThatThrownBy(() -> hedge.run(new RepeatedPlay(game, 0, 0, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("rounds:");
        assertThatThrownBy(() -> hedge.run(new RepeatedPlay(game, 10, 0, -0.5)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("learningRate:");
        assertThatThrownBy(() -> fictitiousPlay.run(new RepeatedPlay(Games.game(new double[][] {{1e17, 2}},
                new double[][] {{1, 2}}), 1_000, 0, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("game.rowPayoffs[0][0]:");
    }
}
