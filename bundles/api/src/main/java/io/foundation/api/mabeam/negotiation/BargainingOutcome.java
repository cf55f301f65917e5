package io.foundation.api.mabeam.negotiation;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Result of alternating offers.
 *
 * @param subgamePerfectShare the first party's share of the infinite game's unique subgame-perfect equilibrium,
 *        (1−δ₂)/(1−δ₁δ₂)
 * @param firstShare what the first party gets in the simulated run (minor units)
 * @param secondShare what the second party gets; the shares add up to the pie
 * @param offers the proposals made in the run, the last one accepted
 */
public record BargainingOutcome(double subgamePerfectShare, long firstShare, long secondShare, List<Offer> offers,
        Measurements measurements) implements Outcome {

    public BargainingOutcome {
        offers = List.copyOf(offers);
    }
}
