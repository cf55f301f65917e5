package io.foundation.api.mabeam;

/**
 * What one run achieved and cost. Money is in minor units of the problem's currency.
 *
 * @param welfare the sum of the declared values of what was allocated or traded; {@code null} where no money is at
 *        stake (votes, games)
 * @param revenue what the mechanism collected (payments, or the total awarded price in a contract net);
 *        {@code null} where nothing is collected
 * @param efficiency welfare divided by the optimal welfare, when the optimum is known; {@code null} otherwise
 * @param rounds rounds of the protocol (clock ticks, bargaining rounds, iterations, events processed)
 * @param messages messages the protocol would exchange between agents, counted as announcements plus replies
 */
public record Measurements(Long welfare, Long revenue, Fraction efficiency, long rounds, long messages) {

    /** Measurements of a run where no money is at stake. */
    public static Measurements counts(long rounds, long messages) {
        return new Measurements(null, null, null, rounds, messages);
    }
}
