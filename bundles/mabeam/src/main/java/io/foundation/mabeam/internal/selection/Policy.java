package io.foundation.mabeam.internal.selection;

import java.util.SplittableRandom;

/** A bandit rule: which arm to pull next, given what each arm has earned so far. */
interface Policy {

    /**
     * @param pulls times each arm was pulled
     * @param rewards total reward of each arm
     * @param successes Bernoulli successes of each arm (rewards in [0, 1] turned into 0/1 draws)
     * @param random the selector's own random stream
     */
    int choose(long[] pulls, double[] rewards, long[] successes, SplittableRandom random);

    /** The first arm never pulled, or -1. */
    static int unpulled(long[] pulls) {
        for (int i = 0; i < pulls.length; i++) {
            if (pulls[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The arm with the highest score, the first on a tie. */
    static int best(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
