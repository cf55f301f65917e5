package io.foundation.mabeam.internal.selection;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.selection.SelectionProtocol;
import io.foundation.mabeam.internal.protocol.Check;
import org.osgi.service.component.annotations.Component;

/**
 * ε-greedy: every arm once in order, then with probability ε a uniformly random arm and otherwise the arm with the
 * best average reward (the first on a tie).
 */
@Component(service = {CoordinationProtocol.class, SelectionProtocol.class}, property = {
        CoordinationProtocol.NAME + "=" + EpsilonGreedy.NAME,
        CoordinationProtocol.VERSION + "=" + EpsilonGreedy.VERSION,
        CoordinationProtocol.FAMILY + "=" + Bandit.FAMILY })
public final class EpsilonGreedy extends Bandit {

    static final String NAME = "epsilon-greedy";
    static final String VERSION = "1.0.0";

    public EpsilonGreedy() {
        super(NAME, VERSION);
    }

    @Override
    double epsilon(double epsilon) {
        return Check.within("epsilon", epsilon, 0, 1);
    }

    @Override
    Policy policy(double epsilon) {
        return (pulls, rewards, successes, random) -> {
            int fresh = Policy.unpulled(pulls);
            if (fresh >= 0) {
                return fresh;
            }
            if (random.nextDouble() < epsilon) {
                return random.nextInt(pulls.length);
            }
            double[] averages = new double[pulls.length];
            for (int i = 0; i < pulls.length; i++) {
                averages[i] = rewards[i] / pulls[i];
            }
            return Policy.best(averages);
        };
    }
}
