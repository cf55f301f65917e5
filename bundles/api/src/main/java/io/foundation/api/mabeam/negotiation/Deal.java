package io.foundation.api.mabeam.negotiation;

/** A possible agreement and what it is worth to each party, relative to no agreement (worth 0 to both). */
public record Deal(String id, double first, double second) {
}
