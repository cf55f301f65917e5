package io.foundation.api.mabeam.auction;

/** How a multi-unit auction sets its single price per unit. */
public enum UniformPricing {
    /** The highest rejected unit bid (the (k+1)-th price), never below the reserve; the multi-unit Vickrey rule. */
    HIGHEST_REJECTED,
    /** The lowest accepted unit bid (the k-th price). */
    LOWEST_ACCEPTED
}
