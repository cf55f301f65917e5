package io.foundation.core.internal.probe;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformReservoir;

import io.foundation.api.probe.SenderReport;

/**
 * One member's numbered stream as this node receives it. Counting starts at the first message seen, so a stream
 * that was running before is not reported as missing its beginning; a sender that starts a new stream starts a
 * new count.
 */
final class Stream {

    private final String member;
    private final Histogram latency = new Histogram(new UniformReservoir(8_192));
    private long run;
    private long first = -1;
    private long next;
    private long received;
    private long lost;
    private long duplicated;

    Stream(String member) {
        this.member = member;
    }

    synchronized void accept(long runId, long sequence, long sentMicros, long receivedMicros) {
        if (first < 0 || runId != run) {
            run = runId;
            first = sequence;
            next = sequence;
            received = 0;
            lost = 0;
            duplicated = 0;
        }
        if (sequence < next) {
            duplicated++;
            return;
        }
        lost += sequence - next;
        next = sequence + 1;
        received++;
        latency.update(Math.max(0, receivedMicros - sentMicros));
    }

    synchronized SenderReport report() {
        Snapshot s = latency.getSnapshot();
        return new SenderReport(member, first, next - 1, received, lost, duplicated, (long) s.getMedian(),
                (long) s.get99thPercentile(), s.getMax());
    }
}
