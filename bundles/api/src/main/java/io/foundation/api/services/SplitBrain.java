package io.foundation.api.services;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's split-brain guard: which policy is in force and whether this node's side keeps running. Available
 * as an OSGi service; {@link SplitBrainStatus#keeping()} false means the node reports not ready.
 */
@ProviderType
public interface SplitBrain {

    SplitBrainStatus status();
}
