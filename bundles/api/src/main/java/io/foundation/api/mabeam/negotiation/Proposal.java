package io.foundation.api.mabeam.negotiation;

/** The deals the two parties propose in one round of a concession protocol. */
public record Proposal(int round, String first, String second) {
}
