package io.foundation.api.mabeam.game;

import io.foundation.api.mabeam.Problem;

/**
 * A game and the label Lemke–Howson drops first: {@code 0 .. m-1} are the row player's actions,
 * {@code m .. m+n-1} the column player's.
 */
public record LemkeHowsonStart(BimatrixGame game, int label) implements Problem {
}
