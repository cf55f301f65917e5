package io.foundation.api.mabeam.negotiation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/** Two parties negotiating over a finite set of deals with the monotonic concession protocol. */
public record MonotonicConcession(List<Deal> deals) implements Problem {

    public MonotonicConcession {
        deals = deals == null ? null : Collections.unmodifiableList(new ArrayList<>(deals));
    }
}
