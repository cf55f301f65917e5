package io.foundation.mabeam.internal.voting;

import java.util.ArrayList;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.voting.Election;
import io.foundation.api.mabeam.voting.ElectionOutcome;
import io.foundation.api.mabeam.voting.Tally;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Schulze method. d[x][y] is the weight of ballots ranking x above y (a listed candidate ranks above every unlisted
 * one). A link x→y has strength d[x][y] when d[x][y] > d[y][x]; p[x][y] is the strength of the strongest path, the
 * widest path over links, found by Floyd–Warshall. The winners are the candidates x with p[x][y] ≥ p[y][x] for every
 * y; there is always at least one. A candidate's score is the number of candidates it beats (p[x][y] > p[y][x]).
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Schulze.NAME,
        CoordinationProtocol.VERSION + "=" + Schulze.VERSION,
        CoordinationProtocol.FAMILY + "=" + Schulze.FAMILY })
public final class Schulze extends Mechanism<Election, ElectionOutcome> {

    static final String NAME = "schulze";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "voting";

    public Schulze() {
        super(NAME, VERSION, FAMILY, Election.class);
    }

    @Override
    protected ElectionOutcome decide(Election election) {
        Electorate electorate = Electorate.check(election);
        int m = electorate.size();
        long[][] strength = strongestPaths(pairwise(electorate));
        long[] beaten = new long[m];
        long total = 0;
        List<Integer> winners = new ArrayList<>();
        for (int x = 0; x < m; x++) {
            boolean unbeaten = true;
            for (int y = 0; y < m; y++) {
                if (x != y && strength[x][y] > strength[y][x]) {
                    beaten[x]++;
                    total++;
                }
                unbeaten &= strength[x][y] >= strength[y][x];
            }
            if (unbeaten) {
                winners.add(x);
            }
        }
        List<Tally> tallies = electorate.tallies(beaten, Electorate.everyone(m), total);
        return electorate.outcome(winners, tallies, List.of(tallies));
    }

    /** d[x][y]: the weight of ballots that rank x above y. */
    static long[][] pairwise(Electorate electorate) {
        int m = electorate.size();
        long[][] preferred = new long[m][m];
        for (int b = 0; b < electorate.choices.length; b++) {
            int[] ranking = electorate.choices[b];
            boolean[] listed = new boolean[m];
            for (int position = 0; position < ranking.length; position++) {
                int x = ranking[position];
                listed[x] = true;
                for (int y = 0; y < m; y++) {
                    if (!listed[y]) {
                        preferred[x][y] += electorate.weights[b];
                    }
                }
            }
        }
        return preferred;
    }

    /** Widest-path strengths over the links of {@code d}. */
    static long[][] strongestPaths(long[][] d) {
        int m = d.length;
        long[][] p = new long[m][m];
        for (int x = 0; x < m; x++) {
            for (int y = 0; y < m; y++) {
                p[x][y] = x != y && d[x][y] > d[y][x] ? d[x][y] : 0;
            }
        }
        for (int k = 0; k < m; k++) {
            for (int x = 0; x < m; x++) {
                if (x == k) {
                    continue;
                }
                for (int y = 0; y < m; y++) {
                    if (y != x && y != k) {
                        p[x][y] = Math.max(p[x][y], Math.min(p[x][k], p[k][y]));
                    }
                }
            }
        }
        return p;
    }
}
