package io.foundation.api.mabeam.negotiation;

/** One proposal in a bargaining run: how the proposer splits the pie, and whether the responder accepted. */
public record Offer(int round, Party proposer, long proposerShare, long responderShare, boolean accepted) {
}
