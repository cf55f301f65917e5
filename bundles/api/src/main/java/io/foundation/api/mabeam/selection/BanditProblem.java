package io.foundation.api.mabeam.selection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/**
 * A simulated bandit: {@code pulls} choices among {@code arms}, with randomness fixed by {@code seed}.
 * {@code epsilon} is the exploration rate of ε-greedy, in [0, 1]; other rules ignore it.
 */
public record BanditProblem(List<Arm> arms, int pulls, long seed, double epsilon) implements Problem {

    public BanditProblem {
        arms = arms == null ? null : Collections.unmodifiableList(new ArrayList<>(arms));
    }
}
