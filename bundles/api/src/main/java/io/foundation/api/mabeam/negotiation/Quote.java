package io.foundation.api.mabeam.negotiation;

/** The price (minor units) a contractor asks for doing {@code task}. */
public record Quote(String task, long price) {
}
