/**
 * Market mechanisms: a continuous double auction over a limit order book, a call market clearing at one
 * volume-maximising price, and Walrasian tâtonnement for exchange economies.
 */
package io.foundation.mabeam.internal.market;
