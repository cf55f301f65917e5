package io.foundation.api.mabeam.voting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Problem;

/**
 * An election. Each voter casts at most one ballot.
 *
 * @param candidates the candidates, in the order {@link TieBreak#CANDIDATE_ORDER} uses
 * @param quorum the total ballot weight that must be cast for any decision; 0 for none
 * @param tieBreak how ties for the win are resolved; {@code null} means {@link TieBreak#NO_WINNER}
 * @param quota for the weighted rule: the share of the total weight a winner must exceed, in [0, 1);
 *        {@code null} means 1/2 (a strict weighted majority). Other rules ignore it.
 */
public record Election(List<String> candidates, List<Ballot> ballots, long quorum, TieBreak tieBreak, Fraction quota)
        implements Problem {

    public Election {
        candidates = candidates == null ? null : Collections.unmodifiableList(new ArrayList<>(candidates));
        ballots = ballots == null ? null : Collections.unmodifiableList(new ArrayList<>(ballots));
    }
}
