package io.foundation.mabeam.internal.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.game.BimatrixGame;
import io.foundation.api.mabeam.game.Equilibrium;
import io.foundation.api.mabeam.game.EquilibriumOutcome;
import io.foundation.api.mabeam.game.LemkeHowsonStart;
import io.foundation.mabeam.oracle.VertexEnumeration;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EquilibriumTest {

    private final SupportEnumeration supportEnumeration = new SupportEnumeration();
    private final LemkeHowson lemkeHowson = new LemkeHowson();

    @Test
    void theExampleGameHasExactlyItsThreeEquilibria() {
        BimatrixGame game = Games.game(new double[][] {{1, 2}, {3, 0}}, new double[][] {{0, 2}, {3, 1}});
        EquilibriumOutcome outcome = supportEnumeration.run(game);
        Fraction half = Fraction.of(1, 2);
        assertThat(outcome.degenerate()).isFalse();
        assertThat(outcome.equilibria()).containsExactly(
                new Equilibrium(List.of(Fraction.ONE, Fraction.ZERO), List.of(Fraction.ZERO, Fraction.ONE),
                        Fraction.of(2), Fraction.of(2)),
                new Equilibrium(List.of(Fraction.ZERO, Fraction.ONE), List.of(Fraction.ONE, Fraction.ZERO),
                        Fraction.of(3), Fraction.of(3)),
                new Equilibrium(List.of(half, half), List.of(half, half), Fraction.of(3, 2), Fraction.of(3, 2)));
    }

    @Provide
    Arbitrary<BimatrixGame> smallGames() {
        return Games.games(4, 1_000);
    }

    @Property(tries = 300)
    void supportEnumerationFindsExactlyTheEquilibria(@ForAll("smallGames") BimatrixGame game) {
        EquilibriumOutcome outcome = supportEnumeration.run(game);
        for (Equilibrium equilibrium : outcome.equilibria()) {
            assertThat(Games.isNash(game, equilibrium)).as("%s is an equilibrium", equilibrium).isTrue();
        }
        List<int[]> pure = Games.pureEquilibria(game);
        List<int[]> found = new ArrayList<>();
        for (Equilibrium equilibrium : outcome.equilibria()) {
            int i = Games.pureAction(equilibrium.row());
            int j = Games.pureAction(equilibrium.column());
            if (i >= 0 && j >= 0) {
                found.add(new int[] {i, j});
            }
        }
        assertThat(found).containsExactlyElementsOf(pure);
        if (!outcome.degenerate()) {
            assertThat(outcome.equilibria().size() % 2).as("a nondegenerate game has an odd number").isEqualTo(1);
        }
    }

    @Property(tries = 300)
    void aNondegenerateGameHasExactlyTheEquilibriaVertexEnumerationFinds(@ForAll("smallGames") BimatrixGame game) {
        EquilibriumOutcome outcome = supportEnumeration.run(game);
        Assume.that(!outcome.degenerate());
        Set<VertexEnumeration.Profile> found = outcome.equilibria().stream()
                .map(e -> new VertexEnumeration.Profile(e.row(), e.column())).collect(Collectors.toSet());
        assertThat(found).hasSameSizeAs(outcome.equilibria())
                .containsExactlyInAnyOrderElementsOf(VertexEnumeration.equilibria(game));
    }

    @Property(tries = 300)
    void lemkeHowsonFromEveryLabelEndsAtOneOfTheEnumeratedEquilibria(@ForAll("smallGames") BimatrixGame game) {
        EquilibriumOutcome all = supportEnumeration.run(game);
        int labels = game.rowPayoffs().size() + game.rowPayoffs().get(0).size();
        for (int label = 0; label < labels; label++) {
            EquilibriumOutcome one = lemkeHowson.run(new LemkeHowsonStart(game, label));
            Equilibrium equilibrium = one.equilibria().get(0);
            assertThat(Games.isNash(game, equilibrium)).isTrue();
            if (!all.degenerate()) {
                assertThat(all.equilibria()).contains(equilibrium);
            }
        }
    }

    @Property(tries = 200)
    void twoByTwoMixedEquilibriumMatchesTheClosedForm(@ForAll("twoByTwo") BimatrixGame game) {
        List<List<Double>> a = game.rowPayoffs();
        List<List<Double>> b = game.columnPayoffs();
        // column mixes q on its first action so that the row player is indifferent, and vice versa
        double qDenominator = a.get(0).get(0) - a.get(0).get(1) - a.get(1).get(0) + a.get(1).get(1);
        double pDenominator = b.get(0).get(0) - b.get(0).get(1) - b.get(1).get(0) + b.get(1).get(1);
        EquilibriumOutcome outcome = supportEnumeration.run(game);
        Equilibrium mixed = outcome.equilibria().stream()
                .filter(e -> Games.pureAction(e.row()) < 0 && Games.pureAction(e.column()) < 0).findFirst()
                .orElse(null);
        if (qDenominator == 0 || pDenominator == 0) {
            return;
        }
        Fraction q = Fraction.of((long) (a.get(1).get(1) - a.get(0).get(1)), (long) qDenominator);
        Fraction p = Fraction.of((long) (b.get(1).get(1) - b.get(1).get(0)), (long) pDenominator);
        boolean interior = q.signum() > 0 && q.compareTo(Fraction.ONE) < 0 && p.signum() > 0
                && p.compareTo(Fraction.ONE) < 0;
        if (interior) {
            assertThat(mixed).isNotNull();
            assertThat(mixed.row()).containsExactly(p, Fraction.ONE.subtract(p));
            assertThat(mixed.column()).containsExactly(q, Fraction.ONE.subtract(q));
        } else {
            assertThat(mixed).isNull();
        }
    }

    @Provide
    Arbitrary<BimatrixGame> twoByTwo() {
        return Games.games(2, 20).filter(g -> g.rowPayoffs().size() == 2 && g.rowPayoffs().get(0).size() == 2);
    }

    @Test
    void aDegenerateGameWhoseEquilibriaNeedUnequalSupportsStillGetsOne() {
        // Zero-sum; the row player's safe third row is its only equilibrium play, against any column mix that puts
        // 3/5 to 13/14 on the first column: a pure row strategy against a mixed column one.
        BimatrixGame game = Games.game(new double[][] {{4, -10}, {-1, 9}, {3, 3}},
                new double[][] {{-4, 10}, {1, -9}, {-3, -3}});
        EquilibriumOutcome outcome = supportEnumeration.run(game);
        assertThat(outcome.degenerate()).isTrue();
        assertThat(outcome.equilibria()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.row()).containsExactly(Fraction.ZERO, Fraction.ZERO, Fraction.ONE);
            assertThat(e.rowPayoff()).isEqualTo(Fraction.of(3));
            assertThat(e.column().get(0)).isBetween(Fraction.of(3, 5), Fraction.of(13, 14));
        });
    }

    @Test
    void sixBySixEnumeratesEverySupportPair() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(6);
        double[][] a = new double[6][6];
        double[][] b = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                a[i][j] = random.nextInt(-100, 101);
                b[i][j] = random.nextInt(-100, 101);
            }
        }
        BimatrixGame game = Games.game(a, b);
        EquilibriumOutcome outcome = supportEnumeration.run(game);
        assertThat(outcome.measurements().rounds()).isEqualTo(923);
        assertThat(outcome.equilibria()).isNotEmpty().allMatch(e -> Games.isNash(game, e));
    }

    @Test
    void malformedGamesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> supportEnumeration.run(Games.game(new double[][] {{1, 2}, {3, 4}},
                new double[][] {{1, 2}})))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("columnPayoffs:");
        assertThatThrownBy(() -> supportEnumeration.run(new BimatrixGame(List.of(List.of(1.0, 2.0), List.of(3.0)),
                List.of(List.of(1.0, 2.0), List.of(3.0, 4.0)))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("rowPayoffs[1]:");
        assertThatThrownBy(() -> supportEnumeration.run(Games.game(new double[][] {{1, Double.NaN}},
                new double[][] {{1, 2}})))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("rowPayoffs[0][1]:");
        assertThatThrownBy(() -> supportEnumeration.run(Games.game(new double[][] {{1, 2}},
                new double[][] {{1, 2, 3}})))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("columnPayoffs[0]:");
        assertThatThrownBy(() -> lemkeHowson.run(new LemkeHowsonStart(Games.game(new double[][] {{1, 2}},
                new double[][] {{1, 2}}), 3)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("label:");
        assertThatThrownBy(() -> lemkeHowson.run(new LemkeHowsonStart(null, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("game:");
    }
}
