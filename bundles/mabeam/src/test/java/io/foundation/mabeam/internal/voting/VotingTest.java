package io.foundation.mabeam.internal.voting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.voting.Ballot;
import io.foundation.api.mabeam.voting.Decision;
import io.foundation.api.mabeam.voting.Election;
import io.foundation.api.mabeam.voting.ElectionOutcome;
import io.foundation.api.mabeam.voting.Tally;
import io.foundation.api.mabeam.voting.TieBreak;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class VotingTest {

    static final List<String> CANDIDATES = List.of("ann", "bo", "cy", "di");

    private final Plurality plurality = new Plurality();
    private final Weighted weighted = new Weighted();
    private final Approval approval = new Approval();
    private final Borda borda = new Borda();
    private final InstantRunoff runoff = new InstantRunoff();
    private final Schulze schulze = new Schulze();
    private final List<CoordinationProtocol<Election, ElectionOutcome>> rules = List.of(plurality, weighted,
            approval, borda, runoff, schulze);

    /** Random ballots over four candidates: partial rankings, some blank, weights 0..5. */
    @Provide
    Arbitrary<List<Ballot>> ballots() {
        Arbitrary<Ballot> ballot = Arbitraries.shuffle(CANDIDATES).flatMap(order -> Arbitraries.integers()
                .between(0, CANDIDATES.size()).flatMap(length -> Arbitraries.longs().between(0, 5)
                        .map(weight -> new Ballot(null, order.subList(0, length), weight))));
        return ballot.list().ofMinSize(1).ofMaxSize(25).map(list -> {
            List<Ballot> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                named.add(new Ballot("v" + i, list.get(i).choices(), list.get(i).weight()));
            }
            return named;
        });
    }

    private static Election election(List<Ballot> ballots) {
        return new Election(CANDIDATES, ballots, 0, TieBreak.CANDIDATE_ORDER, null);
    }

    /** d[x][y] by the definition: ballots where x is listed and y is listed later or not at all. */
    private static long[][] pairwise(List<Ballot> ballots) {
        long[][] d = new long[4][4];
        for (Ballot ballot : ballots) {
            for (int x = 0; x < 4; x++) {
                for (int y = 0; y < 4; y++) {
                    int px = ballot.choices().indexOf(CANDIDATES.get(x));
                    int py = ballot.choices().indexOf(CANDIDATES.get(y));
                    if (x != y && px >= 0 && (py < 0 || px < py)) {
                        d[x][y] += ballot.weight();
                    }
                }
            }
        }
        return d;
    }

    private static long total(List<Ballot> ballots) {
        return ballots.stream().mapToLong(Ballot::weight).sum();
    }

    @Property
    void sharesAreNormalisedByTheWeightActuallyCast(@ForAll("ballots") List<Ballot> ballots) {
        long total = total(ballots);
        ElectionOutcome outcome = weighted.run(election(ballots));
        assertThat(outcome.totalWeight()).isEqualTo(total);
        for (Tally tally : outcome.tallies()) {
            long votes = ballots.stream().filter(b -> !b.choices().isEmpty() && b.choices().get(0)
                    .equals(tally.candidate())).mapToLong(Ballot::weight).sum();
            assertThat(tally.score()).isEqualTo(votes);
            assertThat(tally.share()).isEqualTo(total == 0 ? Fraction.ZERO : Fraction.of(votes, total));
        }
        long blank = ballots.stream().filter(b -> b.choices().isEmpty()).mapToLong(Ballot::weight).sum();
        Fraction sum = outcome.tallies().stream().map(Tally::share).reduce(Fraction.ZERO, Fraction::add);
        if (total > 0) {
            assertThat(sum.add(Fraction.of(blank, total))).isEqualTo(Fraction.ONE);
        }
        if (outcome.decision() == Decision.ELECTED) {
            Tally winner = outcome.tallies().stream().filter(t -> t.candidate().equals(outcome.winner()))
                    .findFirst().orElseThrow();
            assertThat(winner.share().compareTo(Fraction.of(1, 2))).isPositive();
        } else if (total > 0) {
            assertThat(outcome.tallies()).allMatch(t -> t.share().compareTo(Fraction.of(1, 2)) <= 0);
        }
    }

    @Property
    void scalingEveryWeightChangesNoShareAndNoDecision(@ForAll("ballots") List<Ballot> ballots,
            @ForAll @LongRange(min = 2, max = 9) long factor) {
        List<Ballot> scaled = ballots.stream().map(b -> new Ballot(b.voter(), b.choices(), b.weight() * factor))
                .toList();
        for (CoordinationProtocol<Election, ElectionOutcome> rule : rules) {
            ElectionOutcome original = rule.run(election(ballots));
            ElectionOutcome bigger = rule.run(election(scaled));
            assertThat(bigger.winner()).as(rule.id().name()).isEqualTo(original.winner());
            assertThat(bigger.decision()).isEqualTo(original.decision());
            assertThat(bigger.tallies().stream().map(Tally::share).toList())
                    .isEqualTo(original.tallies().stream().map(Tally::share).toList());
        }
    }

    @Property
    void bordaPointsAreThePairwiseWinsOfEachCandidate(@ForAll("ballots") List<Ballot> ballots) {
        long[][] d = pairwise(ballots);
        ElectionOutcome outcome = borda.run(election(ballots));
        for (int x = 0; x < 4; x++) {
            assertThat(outcome.tallies().get(x).score()).isEqualTo(Arrays.stream(d[x]).sum());
        }
    }

    @Property
    void approvalCountsEveryListedCandidate(@ForAll("ballots") List<Ballot> ballots) {
        ElectionOutcome outcome = approval.run(election(ballots));
        for (int x = 0; x < 4; x++) {
            String candidate = CANDIDATES.get(x);
            assertThat(outcome.tallies().get(x).score()).isEqualTo(
                    ballots.stream().filter(b -> b.choices().contains(candidate)).mapToLong(Ballot::weight).sum());
        }
    }

    @Property
    void schulzeWinnersMatchAStrongestPathSearchOverAllSimplePaths(@ForAll("ballots") List<Ballot> ballots) {
        long[][] d = pairwise(ballots);
        long[][] p = new long[4][4];
        for (int x = 0; x < 4; x++) {
            for (int y = 0; y < 4; y++) {
                if (x != y) {
                    p[x][y] = widest(d, x, y, new boolean[4]);
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (int x = 0; x < 4; x++) {
            boolean unbeaten = true;
            for (int y = 0; y < 4; y++) {
                unbeaten &= p[x][y] >= p[y][x];
            }
            if (unbeaten) {
                expected.add(CANDIDATES.get(x));
            }
        }
        ElectionOutcome outcome = schulze.run(new Election(CANDIDATES, ballots, 0, TieBreak.NO_WINNER, null));
        if (total(ballots) == 0) {
            assertThat(outcome.decision()).isEqualTo(Decision.NO_QUORUM);
        } else if (expected.size() == 1) {
            assertThat(outcome.winner()).isEqualTo(expected.get(0));
        } else {
            assertThat(outcome.decision()).isEqualTo(Decision.TIE);
            assertThat(outcome.tied()).isEqualTo(expected);
        }
    }

    /** The widest path from x to y by depth-first search over simple paths of strict pairwise wins. */
    private static long widest(long[][] d, int x, int y, boolean[] visited) {
        if (x == y) {
            return Long.MAX_VALUE;
        }
        visited[x] = true;
        long best = 0;
        for (int next = 0; next < 4; next++) {
            if (!visited[next] && d[x][next] > d[next][x]) {
                best = Math.max(best, Math.min(d[x][next], widest(d, next, y, visited)));
            }
        }
        visited[x] = false;
        return best;
    }

    @Property
    void aCondorcetWinnerWinsSchulze(@ForAll("ballots") List<Ballot> ballots) {
        long[][] d = pairwise(ballots);
        int condorcet = -1;
        for (int x = 0; x < 4; x++) {
            boolean beatsAll = true;
            for (int y = 0; y < 4; y++) {
                beatsAll &= x == y || d[x][y] > d[y][x];
            }
            if (beatsAll) {
                condorcet = x;
            }
        }
        Assume.that(condorcet >= 0);
        assertThat(schulze.run(election(ballots)).winner()).isEqualTo(CANDIDATES.get(condorcet));
    }

    @Property
    void instantRunoffNeverElectsACondorcetLoser(@ForAll("ballots") List<Ballot> ballots) {
        long[][] d = pairwise(ballots);
        int loser = -1;
        for (int x = 0; x < 4; x++) {
            boolean losesAll = true;
            for (int y = 0; y < 4; y++) {
                losesAll &= x == y || d[x][y] < d[y][x];
            }
            if (losesAll) {
                loser = x;
            }
        }
        Assume.that(loser >= 0);
        ElectionOutcome outcome = runoff.run(election(ballots));
        // With truncated ballots every continuing candidate can end level (say 5, 5, 5): that is a tie for the win,
        // and the tie rule may pick the Condorcet loser from it. Outright, the loser never wins.
        if (outcome.winner().equals(CANDIDATES.get(loser))) {
            assertThat(outcome.tied()).as("a Condorcet loser elected outside an all-way tie").hasSizeGreaterThan(1)
                    .contains(CANDIDATES.get(loser));
        }
    }

    @Property
    void withoutQuorumNothingIsDecided(@ForAll("ballots") List<Ballot> ballots) {
        long total = total(ballots);
        for (CoordinationProtocol<Election, ElectionOutcome> rule : rules) {
            ElectionOutcome outcome = rule.run(new Election(CANDIDATES, ballots, total + 1, TieBreak.CANDIDATE_ORDER,
                    null));
            assertThat(outcome.decision()).isEqualTo(Decision.NO_QUORUM);
            assertThat(outcome.winner()).isNull();
        }
    }

    @Test
    void tieRulesAreExplicit() {
        List<Ballot> ballots = List.of(new Ballot("a", List.of("bo"), 1L), new Ballot("b", List.of("ann"), 1L));
        ElectionOutcome noWinner = plurality.run(new Election(CANDIDATES, ballots, 0, TieBreak.NO_WINNER, null));
        assertThat(noWinner.decision()).isEqualTo(Decision.TIE);
        assertThat(noWinner.tied()).containsExactly("ann", "bo");
        ElectionOutcome byOrder = plurality.run(new Election(CANDIDATES, ballots, 0, TieBreak.CANDIDATE_ORDER, null));
        assertThat(byOrder.winner()).isEqualTo("ann");
        assertThat(plurality.run(new Election(CANDIDATES, ballots, 0, null, null)).decision())
                .isEqualTo(Decision.TIE);
    }

    @Test
    void instantRunoffTransfersVotes() {
        List<Ballot> ballots = List.of(new Ballot("1", List.of("ann", "cy"), 4L),
                new Ballot("2", List.of("bo", "cy"), 3L), new Ballot("3", List.of("cy", "bo"), 2L));
        ElectionOutcome outcome = runoff.run(new Election(List.of("ann", "bo", "cy"), ballots, 0, null, null));
        assertThat(outcome.winner()).isEqualTo("bo");
        assertThat(outcome.rounds()).hasSize(2);
        assertThat(outcome.rounds().get(1)).containsExactly(new Tally("ann", 4, Fraction.of(4, 9)),
                new Tally("bo", 5, Fraction.of(5, 9)));
    }

    @Test
    void weightedNeedsMoreThanTheQuota() {
        List<Ballot> ballots = List.of(new Ballot("big", List.of("ann"), 50L), new Ballot("small", List.of("bo"), 30L),
                new Ballot("blank", List.of(), 20L));
        assertThat(weighted.run(election(ballots)).decision()).isEqualTo(Decision.NO_QUOTA);
        assertThat(weighted.run(new Election(CANDIDATES, ballots, 0, null, Fraction.of(2, 5))).winner())
                .isEqualTo("ann");
    }

    @Test
    void badBallotsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> plurality.run(election(List.of(new Ballot("a", List.of("eve"), 1L)))))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("ballots[0].choices[0]: unknown candidate \"eve\"");
        assertThatThrownBy(() -> plurality.run(election(List.of(new Ballot("a", List.of("ann"), 1L),
                new Ballot("a", List.of("bo"), 1L))))).isInstanceOf(InvalidProblemException.class)
                .hasMessageStartingWith("ballots[1].voter:");
        assertThatThrownBy(() -> borda.run(election(List.of(new Ballot("a", List.of("ann", "ann"), 1L)))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("ballots[0].choices[1]:");
        assertThatThrownBy(() -> approval.run(election(List.of(new Ballot("a", List.of("ann"), -1L)))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("ballots[0].weight:");
        assertThatThrownBy(() -> weighted.run(new Election(CANDIDATES, List.of(), 0, null, Fraction.ONE)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("quota:");
        assertThatThrownBy(() -> schulze.run(new Election(List.of("x", "x"), List.of(), 0, null, null)))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("candidates[1]:");
    }
}
