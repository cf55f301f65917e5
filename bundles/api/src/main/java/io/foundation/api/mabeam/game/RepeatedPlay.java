package io.foundation.api.mabeam.game;

import io.foundation.api.mabeam.Problem;

/**
 * A game played {@code rounds} times by two learners. {@code seed} fixes the random choices of randomised rules;
 * {@code learningRate} is the multiplicative-weights rate (0 picks the rate that is optimal for {@code rounds}).
 */
public record RepeatedPlay(BimatrixGame game, int rounds, long seed, double learningRate) implements Problem {
}
