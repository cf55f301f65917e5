package io.foundation.mabeam.internal.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.negotiation.AlternatingOffers;
import io.foundation.api.mabeam.negotiation.BargainingOutcome;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RubinsteinTest {

    private final Rubinstein rubinstein = new Rubinstein();

    @Property
    void subgamePerfectSplitIsTheClosedForm(@ForAll @DoubleRange(min = 0, max = 0.99) double delta1,
            @ForAll @DoubleRange(min = 0, max = 0.99) double delta2, @ForAll @LongRange(max = 1_000_000) long pie) {
        BargainingOutcome outcome = rubinstein.run(new AlternatingOffers(delta1, delta2, pie, 0));
        double expected = (1 - delta2) / (1 - delta1 * delta2);
        assertThat(outcome.subgamePerfectShare()).isCloseTo(expected, within(1e-12));
        assertThat(outcome.firstShare() + outcome.secondShare()).isEqualTo(pie);
        assertThat((double) outcome.firstShare()).isCloseTo(expected * pie, within(0.5 + 1e-6 * pie));
        assertThat(outcome.offers()).singleElement().matches(o -> o.accepted() && o.round() == 1);
    }

    @Property
    void finiteHorizonSplitApproachesTheClosedFormGeometrically(@ForAll @DoubleRange(min = 0, max = 0.99) double delta1,
            @ForAll @DoubleRange(min = 0, max = 0.99) double delta2,
            @ForAll @IntRange(min = 1, max = 200) int horizon) {
        BigDecimal finite = Rubinstein.backwardInduction(BigDecimal.valueOf(delta1), BigDecimal.valueOf(delta2),
                horizon, MathContext.DECIMAL128);
        double closedForm = (1 - delta2) / (1 - delta1 * delta2);
        double bound = Math.pow(delta1 * delta2, (horizon - 1) / 2);
        assertThat(Math.abs(finite.doubleValue() - closedForm)).isLessThanOrEqualTo(bound + 1e-12);
    }

    @Test
    void lastRoundProposerTakesAll() {
        BargainingOutcome outcome = rubinstein.run(new AlternatingOffers(0.9, 0.9, 100, 1));
        assertThat(outcome.firstShare()).isEqualTo(100);
        BargainingOutcome twoRounds = rubinstein.run(new AlternatingOffers(0.9, 0.8, 100, 2));
        assertThat(twoRounds.firstShare()).isEqualTo(20);
    }

    @Test
    void equalPatienceGivesTheFirstMoverAdvantage() {
        BargainingOutcome outcome = rubinstein.run(new AlternatingOffers(0.9, 0.9, 1_000, 0));
        assertThat(outcome.firstShare()).isEqualTo(526);
        assertThat(outcome.secondShare()).isEqualTo(474);
    }

    @Test
    void badDiscountsAreRejected() {
        assertThatThrownBy(() -> rubinstein.run(new AlternatingOffers(Double.NaN, 0.5, 10, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("firstDiscount:");
        assertThatThrownBy(() -> rubinstein.run(new AlternatingOffers(1, 1, 10, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("secondDiscount:");
        assertThatThrownBy(() -> rubinstein.run(new AlternatingOffers(0.5, -0.1, 10, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("secondDiscount:");
        assertThatThrownBy(() -> rubinstein.run(new AlternatingOffers(0.5, 0.5, -10, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("pie:");
    }
}
