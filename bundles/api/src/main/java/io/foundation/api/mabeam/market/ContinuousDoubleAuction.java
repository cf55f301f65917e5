package io.foundation.api.mabeam.market;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/** A stream of submissions and cancels processed in order by a limit order book. */
public record ContinuousDoubleAuction(List<OrderEvent> events) implements Problem {

    public ContinuousDoubleAuction {
        events = events == null ? null : Collections.unmodifiableList(new ArrayList<>(events));
    }
}
