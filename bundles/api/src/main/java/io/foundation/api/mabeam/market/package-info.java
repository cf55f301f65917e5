/**
 * Markets: a continuous double auction (limit order book with price-time priority), a call market that clears at one
 * volume-maximising price, and Walrasian tâtonnement for exchange economies.
 *
 * <p>Order prices are {@code long} minor units (ticks) and quantities {@code long} units. Time priority is the order
 * of events in the problem. Tâtonnement prices are real numbers ({@code double}) because they are approximations of
 * an equilibrium and are never compared for equality.
 */
@Version("1.0.0")
package io.foundation.api.mabeam.market;

import org.osgi.annotation.versioning.Version;
