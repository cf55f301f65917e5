package io.foundation.api.mabeam.selection;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A live bandit an agent consults: {@link #choose()} an option, use it, then {@link #reward} the outcome. One selector
 * serves one agent; it is not safe for concurrent use.
 */
@ConsumerType
public interface Selector {

    /** The options, in the order given when the selector was made. */
    List<String> options();

    /** The option to use next. */
    String choose();

    /**
     * Records the reward, in [0, 1], that using {@code option} earned.
     *
     * @throws IllegalArgumentException when the option is unknown or the reward is outside [0, 1] or NaN; nothing is
     *         recorded then
     */
    void reward(String option, double reward);

    /** What has been learned so far, per option in option order. */
    List<ArmStatistics> statistics();
}
