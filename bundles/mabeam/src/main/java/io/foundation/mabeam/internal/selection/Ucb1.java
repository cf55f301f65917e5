package io.foundation.mabeam.internal.selection;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.selection.SelectionProtocol;
import org.osgi.service.component.annotations.Component;

/**
 * UCB1 (Auer, Cesa-Bianchi and Fischer, 2002): every arm once in order, then the arm maximising
 * average + √(2 ln t / n) with t pulls in total and n of this arm (the first on a tie). Deterministic given the
 * rewards; expected regret grows logarithmically in the number of pulls.
 */
@Component(service = {CoordinationProtocol.class, SelectionProtocol.class}, property = {
        CoordinationProtocol.NAME + "=" + Ucb1.NAME,
        CoordinationProtocol.VERSION + "=" + Ucb1.VERSION,
        CoordinationProtocol.FAMILY + "=" + Bandit.FAMILY })
public final class Ucb1 extends Bandit {

    static final String NAME = "ucb1";
    static final String VERSION = "1.0.0";

    public Ucb1() {
        super(NAME, VERSION);
    }

    @Override
    Policy policy(double epsilon) {
        return (pulls, rewards, successes, random) -> {
            int fresh = Policy.unpulled(pulls);
            if (fresh >= 0) {
                return fresh;
            }
            long total = 0;
            for (long n : pulls) {
                total += n;
            }
            double logTotal = Math.log(total);
            double[] indices = new double[pulls.length];
            for (int i = 0; i < pulls.length; i++) {
                indices[i] = rewards[i] / pulls[i] + Math.sqrt(2 * logTotal / pulls[i]);
            }
            return Policy.best(indices);
        };
    }
}
