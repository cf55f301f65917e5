package io.foundation.api.mabeam.market;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A participant of an exchange economy: what it owns ({@code endowment}, one entry per good) and what it likes. */
public record Consumer(String id, List<Double> endowment, Utility utility, List<Double> weights) {

    public Consumer {
        endowment = endowment == null ? null : Collections.unmodifiableList(new ArrayList<>(endowment));
        weights = weights == null ? null : Collections.unmodifiableList(new ArrayList<>(weights));
    }
}
