package io.foundation.mabeam.internal.selection;

import java.util.SplittableRandom;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.selection.SelectionProtocol;
import org.osgi.service.component.annotations.Component;

/**
 * Thompson sampling with Beta(1 + successes, 1 + failures) posteriors: draw a mean for every arm and pull the arm
 * with the highest draw (the first on a tie). Rewards in (0, 1) count as a success with their own probability.
 */
@Component(service = {CoordinationProtocol.class, SelectionProtocol.class}, property = {
        CoordinationProtocol.NAME + "=" + ThompsonSampling.NAME,
        CoordinationProtocol.VERSION + "=" + ThompsonSampling.VERSION,
        CoordinationProtocol.FAMILY + "=" + Bandit.FAMILY })
public final class ThompsonSampling extends Bandit {

    static final String NAME = "thompson-sampling";
    static final String VERSION = "1.0.0";

    public ThompsonSampling() {
        super(NAME, VERSION);
    }

    @Override
    Policy policy(double epsilon) {
        return (pulls, rewards, successes, random) -> {
            double[] draws = new double[pulls.length];
            for (int i = 0; i < pulls.length; i++) {
                draws[i] = beta(1 + successes[i], 1 + pulls[i] - successes[i], random);
            }
            return Policy.best(draws);
        };
    }

    /** A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
    static double beta(double a, double b, SplittableRandom random) {
        double x = gamma(a, random);
        double y = gamma(b, random);
        return x / (x + y);
    }

    /** A Gamma(shape, 1) draw for shape ≥ 1 by Marsaglia and Tsang's method. */
    static double gamma(double shape, SplittableRandom random) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = normal(random);
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** A standard normal draw by the polar method. */
    private static double normal(SplittableRandom random) {
        while (true) {
            double u = 2 * random.nextDouble() - 1;
            double v = 2 * random.nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * Math.sqrt(-2 * Math.log(s) / s);
            }
        }
    }
}
