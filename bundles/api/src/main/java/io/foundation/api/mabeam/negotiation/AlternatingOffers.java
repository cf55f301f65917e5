package io.foundation.api.mabeam.negotiation;

import io.foundation.api.mabeam.Problem;

/**
 * Rubinstein bargaining over a pie of {@code pie} minor units. Each party discounts one round of delay by its factor,
 * a number in [0, 1]; at most one of them may be 1. {@code horizon} is the number of rounds after which the pie is
 * lost; 0 means no deadline (the infinite game).
 */
public record AlternatingOffers(double firstDiscount, double secondDiscount, long pie, int horizon)
        implements Problem {
}
