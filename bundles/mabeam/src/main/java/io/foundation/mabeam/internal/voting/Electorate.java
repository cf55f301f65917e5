package io.foundation.mabeam.internal.voting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.voting.Ballot;
import io.foundation.api.mabeam.voting.Decision;
import io.foundation.api.mabeam.voting.Election;
import io.foundation.api.mabeam.voting.ElectionOutcome;
import io.foundation.api.mabeam.voting.Tally;
import io.foundation.api.mabeam.voting.TieBreak;
import io.foundation.mabeam.internal.protocol.Check;

/**
 * A validated election: candidates, ballots as candidate indices with weights, and the rules for quorum and ties.
 * Also turns a rule's scores and winners into an outcome, so that every rule applies quorum and ties the same way.
 */
final class Electorate {

    final List<String> candidates;
    final int[][] choices;
    final long[] weights;
    final long totalWeight;
    final long quorum;
    final TieBreak tieBreak;

    private Electorate(List<String> candidates, int[][] choices, long[] weights, long totalWeight, long quorum,
            TieBreak tieBreak) {
        this.candidates = candidates;
        this.choices = choices;
        this.weights = weights;
        this.totalWeight = totalWeight;
        this.quorum = quorum;
        this.tieBreak = tieBreak;
    }

    static Electorate check(Election election) {
        List<String> candidates = Check.nonEmpty("candidates", election.candidates());
        Map<String, Integer> index = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < candidates.size(); c++) {
            index.put(Check.unique(Check.at("candidates", c), candidates.get(c), seen), c);
        }
        List<Ballot> ballots = Check.elements("ballots", election.ballots());
        Set<String> voters = new HashSet<>();
        int[][] choices = new int[ballots.size()][];
        long[] weights = new long[ballots.size()];
        long total = 0;
        for (int b = 0; b < ballots.size(); b++) {
            Ballot ballot = ballots.get(b);
            Check.unique(Check.at("ballots", b, "voter"), ballot.voter(), voters);
            String field = Check.at("ballots", b, "choices");
            List<String> names = Check.elements(field, ballot.choices());
            Set<Integer> listed = new HashSet<>();
            choices[b] = new int[names.size()];
            for (int k = 0; k < names.size(); k++) {
                Integer candidate = index.get(names.get(k));
                if (candidate == null) {
                    throw Check.invalid(Check.at(field, k), "unknown candidate \"" + names.get(k) + "\"");
                }
                if (!listed.add(candidate)) {
                    throw Check.invalid(Check.at(field, k), "candidate \"" + names.get(k) + "\" listed twice");
                }
                choices[b][k] = candidate;
            }
            weights[b] = ballot.weight() == null ? 1 : Check.nonNegative(Check.at("ballots", b, "weight"),
                    ballot.weight());
            total = Check.add("ballots", total, weights[b]);
        }
        Check.multiply("ballots", total, Math.max(1, candidates.size() - 1));
        long quorum = Check.nonNegative("quorum", election.quorum());
        TieBreak tieBreak = election.tieBreak() == null ? TieBreak.NO_WINNER : election.tieBreak();
        return new Electorate(candidates, choices, weights, total, quorum, tieBreak);
    }

    int size() {
        return candidates.size();
    }

    /** Whether enough weight was cast to decide: at least the quorum, and more than nothing. */
    boolean quorate() {
        return totalWeight > 0 && totalWeight >= quorum;
    }

    /** Tallies of {@code scores} for the candidates in {@code included}, shares relative to {@code denominator}. */
    List<Tally> tallies(long[] scores, boolean[] included, long denominator) {
        List<Tally> tallies = new ArrayList<>();
        for (int c = 0; c < scores.length; c++) {
            if (included[c]) {
                tallies.add(new Tally(candidates.get(c), scores[c],
                        denominator == 0 ? Fraction.ZERO : Fraction.of(scores[c], denominator)));
            }
        }
        return tallies;
    }

    /** Candidates with the highest score, in candidate order. */
    static List<Integer> top(long[] scores, boolean[] included) {
        long best = Long.MIN_VALUE;
        List<Integer> top = new ArrayList<>();
        for (int c = 0; c < scores.length; c++) {
            if (!included[c]) {
                continue;
            }
            if (scores[c] > best) {
                best = scores[c];
                top.clear();
            }
            if (scores[c] == best) {
                top.add(c);
            }
        }
        return top;
    }

    static boolean[] everyone(int n) {
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        return all;
    }

    /**
     * The outcome of a rule whose best candidates are {@code winners} (in candidate order): no decision without
     * quorum, one winner, or a tie resolved by the tie rule.
     */
    ElectionOutcome outcome(List<Integer> winners, List<Tally> tallies, List<List<Tally>> rounds) {
        Measurements measurements = Measurements.counts(rounds.size(), 2L * weights.length);
        if (!quorate()) {
            return new ElectionOutcome(Decision.NO_QUORUM, null, List.of(), tallies, rounds, totalWeight,
                    measurements);
        }
        if (winners.size() == 1) {
            return elected(winners.get(0), List.of(), tallies, rounds, measurements);
        }
        List<String> tied = winners.stream().map(candidates::get).toList();
        if (tieBreak == TieBreak.CANDIDATE_ORDER) {
            return elected(winners.get(0), tied, tallies, rounds, measurements);
        }
        return new ElectionOutcome(Decision.TIE, null, tied, tallies, rounds, totalWeight, measurements);
    }

    /** The outcome when no candidate reached the weighted rule's quota. */
    ElectionOutcome noQuota(List<Tally> tallies, List<List<Tally>> rounds) {
        return new ElectionOutcome(quorate() ? Decision.NO_QUOTA : Decision.NO_QUORUM, null, List.of(), tallies,
                rounds, totalWeight, Measurements.counts(rounds.size(), 2L * weights.length));
    }

    private ElectionOutcome elected(int winner, List<String> tied, List<Tally> tallies, List<List<Tally>> rounds,
            Measurements measurements) {
        return new ElectionOutcome(Decision.ELECTED, candidates.get(winner), tied, tallies, rounds, totalWeight,
                measurements);
    }
}
