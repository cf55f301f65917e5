package io.foundation.api.mabeam.negotiation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A potential contractor: what it can do, what it would charge per task, how many ticks it takes to answer an
 * announcement, and how many tasks it can take on.
 */
public record Contractor(String id, List<String> capabilities, List<Quote> quotes, long responseTime, int capacity) {

    public Contractor {
        capabilities = capabilities == null ? null : Collections.unmodifiableList(new ArrayList<>(capabilities));
        quotes = quotes == null ? null : Collections.unmodifiableList(new ArrayList<>(quotes));
    }
}
