package io.foundation.api.mabeam.auction;

/**
 * Bounds the winner-determination search. When a bound is hit the auction returns its best allocation so far with
 * the gap to a proven upper bound. {@code null} for both means exact.
 *
 * @param maxNodes search nodes to visit at most; deterministic
 * @param maxMillis wall-clock milliseconds at most; the result then depends on the machine
 */
public record SearchLimit(Long maxNodes, Long maxMillis) {
}
