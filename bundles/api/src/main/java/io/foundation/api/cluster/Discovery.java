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
     * The last configuration that was refused, with the reason, while the previous one stays in force; empty if
     * the current configuration was accepted.
     */
    Optional<String> rejectedConfiguration();
}
