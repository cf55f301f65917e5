package io.foundation.bench.mabeam;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.foundation.api.mabeam.auction.CombinatorialAuction;
import io.foundation.mabeam.oracle.BundleOracle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The brute-force winner-determination oracle of the property tests (all 2ⁿ subsets) on the five 20-bid instances of
 * {@link WinnerDeterminationBenchmark}. At 40 bids it would need 2²⁰ times longer, so it is not run there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BruteForceWinnerDeterminationBenchmark {

    private CombinatorialAuction[] auctions;

    @Setup
    public void setUp() {
        auctions = new CombinatorialAuction[WinnerDeterminationBenchmark.INSTANCES];
        for (int i = 0; i < auctions.length; i++) {
            auctions[i] = Instances.bundles(20, i + 1, null);
        }
    }

    @Benchmark
    public long bruteForce20() {
        long welfare = 0;
        for (CombinatorialAuction auction : auctions) {
            List<Integer> winners = BundleOracle.best(auction.bids(), null);
            welfare += BundleOracle.welfare(auction.bids(), winners);
        }
        return welfare;
    }
}
