package io.foundation.mabeam.internal.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.selection.Arm;
import io.foundation.api.mabeam.selection.ArmStatistics;
import io.foundation.api.mabeam.selection.BanditProblem;
import io.foundation.api.mabeam.selection.SelectionOutcome;
import io.foundation.api.mabeam.selection.SelectionProtocol;
import io.foundation.api.mabeam.selection.Selector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BanditTest {

    /** A fixed bandit: gaps 0.1, 0.2 and 0.4 to the best arm. */
    static final List<Arm> ARMS = List.of(new Arm("a", 0.8), new Arm("best", 0.9), new Arm("c", 0.7),
            new Arm("d", 0.5));

    private final Ucb1 ucb1 = new Ucb1();
    private final ThompsonSampling thompson = new ThompsonSampling();
    private final EpsilonGreedy epsilonGreedy = new EpsilonGreedy();
    private final List<SelectionProtocol> rules = List.of(ucb1, thompson, epsilonGreedy);

    private static double meanRegret(SelectionProtocol rule, int pulls, int seeds) {
        double total = 0;
        for (int seed = 0; seed < seeds; seed++) {
            total += rule.run(new BanditProblem(ARMS, pulls, seed, 0.1)).regret();
        }
        return total / seeds;
    }

    @Test
    void ucb1RegretGrowsLogarithmicallyOnAFixedBandit() {
        double[] gaps = {0.1, 0.2, 0.4};
        int[] horizons = {1_000, 10_000, 100_000};
        double[] regret = new double[horizons.length];
        for (int h = 0; h < horizons.length; h++) {
            regret[h] = meanRegret(ucb1, horizons[h], 8);
            double bound = 0;
            for (double gap : gaps) {
                bound += 8 * Math.log(horizons[h]) / gap + (1 + Math.PI * Math.PI / 3) * gap;
            }
            assertThat(regret[h]).as("Auer et al. bound at T=%d", horizons[h]).isLessThanOrEqualTo(bound);
        }
        // Logarithmic growth adds about the same regret per tenfold increase of pulls; linear growth would add ten
        // times more in the second decade than in the first.
        double firstDecade = regret[1] - regret[0];
        double secondDecade = regret[2] - regret[1];
        assertThat(secondDecade).isLessThan(1.5 * firstDecade);
        assertThat(regret[2] / horizons[2]).isLessThan(regret[0] / horizons[0] / 10);
    }

    @Test
    void thompsonSamplingRegretIsSublinearToo() {
        double first = meanRegret(thompson, 1_000, 8);
        double second = meanRegret(thompson, 10_000, 8);
        double third = meanRegret(thompson, 100_000, 8);
        assertThat(third - second).isLessThan(2 * (second - first));
        assertThat(third / 100_000).isLessThan(first / 1_000 / 5);
    }

    @Test
    void epsilonGreedyExploresAtItsRate() {
        SelectionOutcome outcome = epsilonGreedy.run(new BanditProblem(ARMS, 100_000, 3, 0.1));
        assertThat(outcome.mostPulled()).isEqualTo("best");
        // roughly ε/4 of the pulls land on each arm by exploration
        long worst = outcome.arms().stream().filter(a -> a.id().equals("d")).findFirst().orElseThrow().pulls();
        assertThat(worst).isBetween(2_000L, 3_000L);
    }

    @Provide
    Arbitrary<List<Arm>> arms() {
        return Arbitraries.doubles().between(0, 1).list().ofMinSize(1).ofMaxSize(6).map(means -> {
            List<Arm> arms = new ArrayList<>();
            for (int i = 0; i < means.size(); i++) {
                arms.add(new Arm("arm" + i, means.get(i)));
            }
            return arms;
        });
    }

    @Property(tries = 50)
    void accountsForEveryPullAndIsDeterministicForASeed(@ForAll("arms") List<Arm> arms,
            @ForAll @IntRange(min = 1, max = 2_000) int pulls, @ForAll @LongRange long seed) {
        double best = arms.stream().mapToDouble(Arm::mean).max().orElseThrow();
        for (SelectionProtocol rule : rules) {
            SelectionOutcome outcome = rule.run(new BanditProblem(arms, pulls, seed, 0.2));
            assertThat(outcome.arms().stream().mapToLong(ArmStatistics::pulls).sum()).isEqualTo(pulls);
            assertThat(outcome.reward()).isEqualTo(outcome.arms().stream().mapToDouble(ArmStatistics::reward).sum());
            double regret = 0;
            for (int i = 0; i < arms.size(); i++) {
                regret += outcome.arms().get(i).pulls() * (best - arms.get(i).mean());
            }
            assertThat(outcome.regret()).isCloseTo(regret, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(rule.run(new BanditProblem(arms, pulls, seed, 0.2))).isEqualTo(outcome);
        }
    }

    @Test
    void aLiveSelectorLearnsWhichOptionPays() {
        for (SelectionProtocol rule : rules) {
            Selector selector = rule.selector(List.of("raft", "gossip", "auction"), 11, 0.1);
            SplittableRandom world = new SplittableRandom(5);
            for (int t = 0; t < 5_000; t++) {
                String option = selector.choose();
                double mean = option.equals("auction") ? 0.9 : 0.4;
                selector.reward(option, world.nextDouble() < mean ? 1 : 0);
            }
            ArmStatistics auction = selector.statistics().get(2);
            assertThat(auction.pulls()).as(rule.id().name()).isGreaterThan(3_500);
        }
    }

    @Test
    void badInputIsRejected() {
        Selector selector = ucb1.selector(List.of("x", "y"), 1, 0);
        assertThatThrownBy(() -> selector.reward("z", 0.5)).isInstanceOf(InvalidProblemException.class)
                .hasMessageStartingWith("option:");
        assertThatThrownBy(() -> selector.reward("x", Double.NaN)).isInstanceOf(InvalidProblemException.class)
                .hasMessageStartingWith("reward:");
        assertThat(selector.statistics()).allMatch(s -> s.pulls() == 0);
        assertThatThrownBy(() -> ucb1.selector(List.of("x", "x"), 1, 0)).isInstanceOf(InvalidProblemException.class)
                .hasMessageStartingWith("options[1]:");
        assertThatThrownBy(() -> epsilonGreedy.run(new BanditProblem(ARMS, 10, 1, 1.5)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("epsilon:");
        assertThatThrownBy(() -> ucb1.run(new BanditProblem(List.of(new Arm("a", -0.1)), 10, 1, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("arms[0].mean:");
        assertThatThrownBy(() -> thompson.run(new BanditProblem(ARMS, 0, 1, 0)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("pulls:");
    }
}
