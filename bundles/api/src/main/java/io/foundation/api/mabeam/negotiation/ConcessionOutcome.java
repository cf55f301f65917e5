package io.foundation.api.mabeam.negotiation;

import java.util.List;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Outcome;

/** Result of a concession protocol: the agreed deal ({@code null} on conflict) and the proposals of each round. */
public record ConcessionOutcome(String agreement, List<Proposal> proposals, Measurements measurements)
        implements Outcome {

    public ConcessionOutcome {
        proposals = List.copyOf(proposals);
    }
}
