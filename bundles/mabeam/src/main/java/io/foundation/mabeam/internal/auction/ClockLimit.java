package io.foundation.mabeam.internal.auction;

import io.foundation.mabeam.internal.protocol.Check;

/** The cap on clock rounds shared by English and Dutch auctions, checked before the clock starts. */
final class ClockLimit {

    static final long DEFAULT_MAX_ROUNDS = 1_000_000;

    private ClockLimit() {
    }

    /** {@code maxRounds} with 0 meaning the default. */
    static long maxRounds(long requested) {
        return requested == 0 ? DEFAULT_MAX_ROUNDS : Check.positive("maxRounds", requested);
    }

    /** Refuses a clock that would need more than {@code maxRounds} rounds. */
    static void require(long needed, long maxRounds) {
        if (needed > maxRounds) {
            throw Check.invalid("maxRounds", "the clock would need " + needed + " rounds, more than " + maxRounds);
        }
    }
}
