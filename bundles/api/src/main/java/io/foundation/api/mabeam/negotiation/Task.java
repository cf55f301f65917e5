package io.foundation.api.mabeam.negotiation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A task a manager announces: contractors need every capability in {@code requires}; bids arriving more than
 * {@code deadline} ticks after the announcement are late.
 */
public record Task(String id, List<String> requires, long deadline) {

    public Task {
        requires = requires == null ? null : Collections.unmodifiableList(new ArrayList<>(requires));
    }
}
