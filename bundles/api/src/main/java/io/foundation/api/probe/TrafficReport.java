package io.foundation.api.probe;

import java.util.List;

/**
 * What one node's traffic probe sent and received. Immutable.
 *
 * @param sending  true while this node is sending its stream
 * @param sent     messages this node sent since it started its stream, numbered from 0
 * @param senders  one entry per member whose stream reached this node
*/
public record TrafficReport(boolean sending, long sent, List<SenderReport> senders) {

    public TrafficReport {
        senders = List.copyOf(senders);
    }

    /** Messages lost over all senders: sequence numbers that never arrived. */
    public long lost() {
        return senders.stream().mapToLong(SenderReport::lost).sum();
    }

    /** Messages that arrived more than once, over all senders. */
    public long duplicated() {
        return senders.stream().mapToLong(SenderReport::duplicated).sum();
    }
}
