/**
 * Adaptive choice among options (for example, which coordination protocol to use) by multi-armed bandit rules:
 * ε-greedy, UCB1 and Thompson sampling. A {@link io.foundation.api.mabeam.selection.SelectionProtocol} both simulates
 * a bandit problem and hands agents a live {@link io.foundation.api.mabeam.selection.Selector}.
 *
 * <p>Rewards are in [0, 1]. Ties between options go to the option listed first.
 */
@Version("1.0.0")
package io.foundation.api.mabeam.selection;

import org.osgi.annotation.versioning.Version;
