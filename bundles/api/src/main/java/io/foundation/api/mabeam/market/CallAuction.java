package io.foundation.api.mabeam.market;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/** Orders collected over a period and cleared together at one price. */
public record CallAuction(List<Order> orders) implements Problem {

    public CallAuction {
        orders = orders == null ? null : Collections.unmodifiableList(new ArrayList<>(orders));
    }
}
