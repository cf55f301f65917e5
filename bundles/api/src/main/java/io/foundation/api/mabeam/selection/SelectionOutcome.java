package io.foundation.api.mabeam.selection;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Result of a simulated bandit run.
 *
 * @param arms statistics per arm, in problem order
 * @param reward total reward earned
 * @param regret pseudo-regret: pulls × best mean − Σ mean of the arm pulled
 * @param mostPulled the arm pulled most often (the first such arm on a tie)
 */
public record SelectionOutcome(List<ArmStatistics> arms, double reward, double regret, String mostPulled,
        Measurements measurements) implements Outcome {

    public SelectionOutcome {
        arms = List.copyOf(arms);
    }
}
