package io.foundation.api.services;

import java.time.Instant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told before a distributed service instance loses ownership while its node keeps running (a member with a
 * better claim joined, the node leaves gracefully, the split-brain policy stops this side). A component registers
 * itself (or a helper object) as a {@code Handoff} service; the node matches it to the instance by the
 * {@code component.name} and {@value DistributedServices#KEY} service properties Declarative Services copies from
 * the configuration. The instance is stopped when {@link #handoff} returns or at the deadline, whichever comes
 * first. A crashed node is not told anything.
 */
@ConsumerType
@FunctionalInterface
public interface Handoff {

    /**
     * @param key      the key being handed off, {@code ""} for a singleton or replicated instance
     * @param deadline when the instance is stopped regardless
     */
    void handoff(String key, Instant deadline) throws Exception;
}
