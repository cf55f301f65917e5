/**
 * Two-player games in normal form: all Nash equilibria by support enumeration, one equilibrium by Lemke–Howson,
 * and learning dynamics in repeated play (regret matching, multiplicative weights, fictitious play).
 *
 * <p>Payoffs are read as exact decimals, so equilibrium probabilities and payoffs are exact
 * {@link io.foundation.api.mabeam.Fraction}s. Ties between actions go to the lower index.
 */
@Version("1.0.0")
package io.foundation.api.mabeam.game;

import org.osgi.annotation.versioning.Version;
