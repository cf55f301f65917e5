package io.foundation.mabeam.internal.selection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.selection.Arm;
import io.foundation.api.mabeam.selection.BanditProblem;
import io.foundation.api.mabeam.selection.SelectionOutcome;
import io.foundation.api.mabeam.selection.SelectionProtocol;
import io.foundation.api.mabeam.selection.Selector;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;

/**
 * A bandit rule as a protocol: simulates Bernoulli arms with a live selector of the same rule. The seed splits into
 * one random stream for the rule and one per arm for its rewards, so every rule meets the same reward sequence on
 * each arm.
 */
abstract class Bandit extends Mechanism<BanditProblem, SelectionOutcome> implements SelectionProtocol {

    static final String FAMILY = "selection";
    static final int MAX_PULLS = 10_000_000;

    Bandit(String name, String version) {
        super(name, version, FAMILY, BanditProblem.class);
    }

    /** The rule, given an exploration rate already checked. */
    abstract Policy policy(double epsilon);

    /** Checks the exploration rate where the rule uses one. */
    double epsilon(double epsilon) {
        return epsilon;
    }

    @Override
    public final Selector selector(List<String> options, long seed, double epsilon) {
        return new BanditSelector(BanditSelector.check(options), policy(epsilon(epsilon)), new SplittableRandom(seed));
    }

    @Override
    protected final SelectionOutcome decide(BanditProblem problem) {
        List<Arm> arms = Check.nonEmpty("arms", problem.arms());
        Set<String> ids = new HashSet<>();
        List<String> options = new ArrayList<>();
        double[] means = new double[arms.size()];
        double bestMean = 0;
        for (int i = 0; i < arms.size(); i++) {
            options.add(Check.unique(Check.at("arms", i, "id"), arms.get(i).id(), ids));
            means[i] = Check.within(Check.at("arms", i, "mean"), arms.get(i).mean(), 0, 1);
            bestMean = Math.max(bestMean, means[i]);
        }
        int pulls = problem.pulls();
        if (pulls < 1 || pulls > MAX_PULLS) {
            throw Check.invalid("pulls", "must be between 1 and " + MAX_PULLS + ", was " + pulls);
        }
        Policy policy = policy(epsilon(problem.epsilon()));

        SplittableRandom root = new SplittableRandom(problem.seed());
        BanditSelector selector = new BanditSelector(options, policy, root.split());
        SplittableRandom[] rewardStreams = new SplittableRandom[arms.size()];
        for (int i = 0; i < arms.size(); i++) {
            rewardStreams[i] = root.split();
        }
        double regret = 0;
        double reward = 0;
        for (int t = 0; t < pulls; t++) {
            int arm = selector.choice();
            double draw = rewardStreams[arm].nextDouble() < means[arm] ? 1 : 0;
            selector.record(arm, draw);
            reward += draw;
            regret += bestMean - means[arm];
        }
        var statistics = selector.statistics();
        int mostPulled = 0;
        for (int i = 1; i < statistics.size(); i++) {
            if (statistics.get(i).pulls() > statistics.get(mostPulled).pulls()) {
                mostPulled = i;
            }
        }
        return new SelectionOutcome(statistics, reward, regret, options.get(mostPulled),
                Measurements.counts(pulls, 2L * pulls));
    }
}
