package io.foundation.api.mabeam.game;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/**
 * A two-player game: entry {@code [i][j]} is the payoff when the row player plays {@code i} and the column player
 * {@code j}. Both matrices have the same shape.
 */
public record BimatrixGame(List<List<Double>> rowPayoffs, List<List<Double>> columnPayoffs) implements Problem {

    public BimatrixGame {
        rowPayoffs = copy(rowPayoffs);
        columnPayoffs = copy(columnPayoffs);
    }

    private static List<List<Double>> copy(List<List<Double>> matrix) {
        if (matrix == null) {
            return null;
        }
        List<List<Double>> rows = new ArrayList<>();
        for (List<Double> row : matrix) {
            rows.add(row == null ? null : Collections.unmodifiableList(new ArrayList<>(row)));
        }
        return Collections.unmodifiableList(rows);
    }
}
