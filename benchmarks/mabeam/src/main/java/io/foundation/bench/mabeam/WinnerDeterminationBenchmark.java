package io.foundation.bench.mabeam;

import java.util.concurrent.TimeUnit;

import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.CombinatorialAuction;
import io.foundation.mabeam.internal.auction.Combinatorial;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Exact winner determination (branch and bound, including validation) for 20, 40 and 80 bundle bids; each
 * invocation solves the same five seeded instances. {@link BruteForceWinnerDeterminationBenchmark} times the oracle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WinnerDeterminationBenchmark {

    static final int INSTANCES = 5;

    @Param({"20", "40", "80"})
    public int bids;

    private final Combinatorial combinatorial = new Combinatorial();
    private CombinatorialAuction[] auctions;

    @Setup
    public void setUp() {
        auctions = new CombinatorialAuction[INSTANCES];
        for (int i = 0; i < INSTANCES; i++) {
            auctions[i] = Instances.bundles(bids, i + 1, null);
        }
    }

    @Benchmark
    public long branchAndBound() {
        long welfare = 0;
        for (CombinatorialAuction auction : auctions) {
            AuctionOutcome outcome = combinatorial.run(auction);
            welfare += outcome.measurements().welfare();
        }
        return welfare;
    }
}
