package io.foundation.api.mabeam.game;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Result of repeated play.
 *
 * @param rowStrategy the row player's average strategy (empirical frequencies of play, or average mixed strategy)
 * @param columnStrategy the column player's average strategy
 * @param jointPlay the empirical joint distribution of play, entry {@code [i][j]}
 * @param rowRegret the row player's average external regret against the column player's actual play
 * @param columnRegret the column player's average external regret
 * @param correlatedGap how far {@code jointPlay} is from a correlated equilibrium: the largest average gain any
 *        player could have made by always switching one action to another (0 for a correlated equilibrium)
 */
public record LearningOutcome(List<Double> rowStrategy, List<Double> columnStrategy, List<List<Double>> jointPlay,
        double rowRegret, double columnRegret, double correlatedGap, Measurements measurements) implements Outcome {

    public LearningOutcome {
        rowStrategy = List.copyOf(rowStrategy);
        columnStrategy = List.copyOf(columnStrategy);
        jointPlay = jointPlay.stream().map(List::copyOf).toList();
    }
}
