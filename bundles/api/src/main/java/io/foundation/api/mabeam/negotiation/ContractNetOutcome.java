package io.foundation.api.mabeam.negotiation;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/**
 * Result of a contract net: awards in task order, tasks nobody bid for in time, and every response. Revenue is the
 * total awarded price.
 */
public record ContractNetOutcome(List<Award> awards, List<String> unawarded, List<Response> responses,
        Measurements measurements) implements Outcome {

    public ContractNetOutcome {
        awards = List.copyOf(awards);
        unawarded = List.copyOf(unawarded);
        responses = List.copyOf(responses);
    }
}
