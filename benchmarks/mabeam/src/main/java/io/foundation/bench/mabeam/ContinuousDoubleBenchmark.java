package io.foundation.bench.mabeam;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.foundation.api.mabeam.market.ContinuousDoubleAuction;
import io.foundation.api.mabeam.market.OrderAction;
import io.foundation.api.mabeam.market.OrderEvent;
import io.foundation.api.mabeam.market.TradeOutcome;
import io.foundation.mabeam.internal.market.ContinuousDouble;
import io.foundation.mabeam.oracle.ReferenceBook;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Order events per second through the continuous double auction (validation, matching, outcome) against the naive
 * reference book the tests use, on the same 10⁵ events (90 % submissions around a price of 100, 10 % cancels).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContinuousDoubleBenchmark {

    static final int EVENTS = 100_000;

    private final ContinuousDouble market = new ContinuousDouble();
    private List<OrderEvent> events;
    private ContinuousDoubleAuction problem;

    @Setup
    public void setUp() {
        events = Instances.orderEvents(EVENTS, 7);
        problem = new ContinuousDoubleAuction(events);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TradeOutcome orderBook() {
        return market.run(problem);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void referenceBookOracle(Blackhole sink) {
        ReferenceBook book = new ReferenceBook();
        for (OrderEvent event : events) {
            if (event.action() == OrderAction.SUBMIT) {
                sink.consume(book.submit(event.order()));
            } else {
                book.cancel(event.orderId());
            }
        }
    }
}
