package io.foundation.api.mabeam.selection;

import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import org.osgi.annotation.versioning.ConsumerType;

/** A bandit rule: simulates a {@link BanditProblem} and makes live {@link Selector}s that follow the same rule. */
@ConsumerType
public interface SelectionProtocol extends CoordinationProtocol<BanditProblem, SelectionOutcome> {

    /**
     * A new selector over {@code options}, its random choices fixed by {@code seed}.
     *
     * @param epsilon exploration rate for ε-greedy, in [0, 1]; other rules ignore it
     * @throws io.foundation.api.mabeam.InvalidProblemException when options are empty, duplicated or blank, or the
     *         rate is out of range
     */
    Selector selector(List<String> options, long seed, double epsilon);
}
