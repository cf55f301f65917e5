package io.foundation.api.cluster;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's discovery: which strategies it uses and how they fared. Available as an OSGi service while the node
 * runs.
 */
@ProviderType
public interface Discovery {

    /** The strategies in use and why they were chosen. */
    StrategySelection selection();

    /** Every strategy that is configured or registered, active ones first, then by name. */
    List<StrategyStatus> strategies();

    /**
     * Makes {@code names} the active strategies and records the choice in the node's configuration, so that a
     * restart keeps it. The current members stay; only future discovery changes.
     *
     * @param names strategy names, or the single value {@code auto} or {@code false}
     * @return the selection now in force
     * @throws IllegalArgumentException naming the problem when a name is unknown or its strategy is misconfigured;
     *                                  the previous selection stays
     * @throws IllegalStateException    when the selection is pinned by an environment variable or property
     */
    StrategySelection use(List<String> names);

    /**
     * The last configuration that was refused, with the reason, while the previous one stays in force; empty if
     * the current configuration was accepted.
     */
    Optional<String> rejectedConfiguration();
}
