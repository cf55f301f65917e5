package io.foundation.api.mabeam.voting;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Result of an election.
 *
 * @param winner the winner when {@code decision} is {@link Decision#ELECTED}; {@code null} otherwise
 * @param tied candidates that tied for the win, in candidate order; empty when there was no tie
 * @param tallies final scores in candidate order
 * @param rounds instant-runoff counts, one list per round; a single round for the other rules
 * @param totalWeight the weight of all ballots cast
 */
public record ElectionOutcome(Decision decision, String winner, List<String> tied, List<Tally> tallies,
        List<List<Tally>> rounds, long totalWeight, Measurements measurements) implements Outcome {

    public ElectionOutcome {
        tied = List.copyOf(tied);
        tallies = List.copyOf(tallies);
        rounds = rounds.stream().map(List::copyOf).toList();
    }
}
