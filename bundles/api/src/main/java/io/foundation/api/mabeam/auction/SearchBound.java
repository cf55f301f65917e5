package io.foundation.api.mabeam.auction;

/**
 * How good a winner determination is: {@code optimal} when the search finished, otherwise the gap between the
 * proven {@code upperBound} on welfare and the welfare found.
 *
 * @param optimal whether the allocation is proven optimal
 * @param upperBound no allocation has higher welfare than this (minor units)
 * @param gap {@code upperBound} minus the welfare found; 0 when optimal
 * @param nodes search nodes visited
 */
public record SearchBound(boolean optimal, long upperBound, long gap, long nodes) {
}
