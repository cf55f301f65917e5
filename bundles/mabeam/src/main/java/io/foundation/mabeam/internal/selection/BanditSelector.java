package io.foundation.mabeam.internal.selection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.foundation.api.mabeam.selection.ArmStatistics;
import io.foundation.api.mabeam.selection.Selector;
import io.foundation.mabeam.internal.protocol.Check;

/**
 * A live selector following one {@link Policy}. A reward r in [0, 1] counts fully towards the arm's total and, for
 * Thompson sampling, as a success with probability r (so 0/1 rewards count exactly).
 */
final class BanditSelector implements Selector {

    private final List<String> options;
    private final Map<String, Integer> index = new HashMap<>();
    private final Policy policy;
    private final SplittableRandom random;
    private final long[] pulls;
    private final double[] rewards;
    private final long[] successes;

    BanditSelector(List<String> options, Policy policy, SplittableRandom random) {
        this.options = List.copyOf(options);
        for (int i = 0; i < options.size(); i++) {
            index.put(options.get(i), i);
        }
        this.policy = policy;
        this.random = random;
        this.pulls = new long[options.size()];
        this.rewards = new double[options.size()];
        this.successes = new long[options.size()];
    }

    /** Checks options: present, not empty, named, unique. */
    static List<String> check(List<String> options) {
        Check.nonEmpty("options", options);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < options.size(); i++) {
            Check.unique(Check.at("options", i), options.get(i), seen);
        }
        return options;
    }

    @Override
    public List<String> options() {
        return options;
    }

    @Override
    public String choose() {
        return options.get(choice());
    }

    int choice() {
        return policy.choose(pulls, rewards, successes, random);
    }

    @Override
    public void reward(String option, double reward) {
        Integer arm = index.get(option);
        if (arm == null) {
            throw Check.invalid("option", "unknown option \"" + option + "\"");
        }
        Check.within("reward", reward, 0, 1);
        record(arm, reward);
    }

    void record(int arm, double reward) {
        pulls[arm]++;
        rewards[arm] += reward;
        if (reward == 1 || reward > 0 && random.nextDouble() < reward) {
            successes[arm]++;
        }
    }

    @Override
    public List<ArmStatistics> statistics() {
        List<ArmStatistics> statistics = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            statistics.add(new ArmStatistics(options.get(i), pulls[i], rewards[i]));
        }
        return statistics;
    }
}
