package io.foundation.api.mabeam.game;

import java.util.List;

import io.foundation.api.mabeam.Fraction;

/** A Nash equilibrium: each player's mixed strategy (probabilities per action) and expected payoff. */
public record Equilibrium(List<Fraction> row, List<Fraction> column, Fraction rowPayoff, Fraction columnPayoff) {

    public Equilibrium {
        row = List.copyOf(row);
        column = List.copyOf(column);
    }
}
