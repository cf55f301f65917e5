/** Bandit rules for adaptive choice: ε-greedy, UCB1 and Thompson sampling, simulated or live. */
package io.foundation.mabeam.internal.selection;
