package io.foundation.api.mabeam.auction;

/** One indivisible item offered in a combinatorial auction. */
public record Item(String id) {
}
