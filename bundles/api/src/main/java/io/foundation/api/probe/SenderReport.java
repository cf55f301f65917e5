package io.foundation.api.probe;

/**
 * The stream one member sent to this node, as this node received it. Immutable. Latencies compare the sender's clock
 * with this node's, so they are exact only between nodes of one host or with synchronised clocks.
 *
 * @param member      the sending member's name
 * @param first       the first sequence number received from this stream (counting starts there: a stream already
 *                    running when this node started counting is not missing its beginning)
 * @param last        the highest sequence number received, -1 before any
 * @param received    distinct messages received
 * @param lost        sequence numbers between {@code first} and {@code last} that never arrived
 * @param duplicated  messages received again
 * @param p50Micros   median one-way latency in microseconds
 * @param p99Micros   99th percentile one-way latency in microseconds
 * @param maxMicros   largest one-way latency in microseconds
 */
public record SenderReport(String member, long first, long last, long received, long lost, long duplicated,
                           long p50Micros, long p99Micros, long maxMicros) {
}
