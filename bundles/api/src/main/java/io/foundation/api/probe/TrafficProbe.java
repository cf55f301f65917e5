package io.foundation.api.probe;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A steady stream of numbered application messages from this node to every other member, over the same cluster
 * channel the node's membership uses, and a count of what arrived from the others' streams. Shows whether a change
 * (a strategy swap, a failover) lost, duplicated or delayed messages.
 */
@ProviderType
public interface TrafficProbe {

    /**
     * Starts sending {@code perSecond} messages of {@code bytes} bytes each to every member; replaces a stream this
     * node was already sending. Counts of received messages start over.
     *
     * @throws IllegalArgumentException when the rate is not 1..10000 or the size not 32..65536
     * @throws IllegalStateException    when the node has no cluster channel (a single node)
     */
    void start(int perSecond, int bytes);

    /** Stops sending; received messages are still counted. */
    void stop();

    /** What this node sent and received since the last {@link #start}. */
    TrafficReport report();
}
