package io.foundation.api.mabeam.game;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Equilibria found. For a nondegenerate game support enumeration finds all of them; {@code degenerate} is set when
 * the search met a degenerate game, whose equilibria may form continua that only their extreme points represent.
 */
public record EquilibriumOutcome(List<Equilibrium> equilibria, boolean degenerate, Measurements measurements)
        implements Outcome {

    public EquilibriumOutcome {
        equilibria = List.copyOf(equilibria);
    }
}
