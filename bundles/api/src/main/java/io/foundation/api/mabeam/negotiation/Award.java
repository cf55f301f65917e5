package io.foundation.api.mabeam.negotiation;

/** A task awarded to a contractor at its bid price. */
public record Award(String task, String contractor, long price) {
}
