package io.foundation.bench.mabeam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.Bid;
import io.foundation.api.mabeam.auction.SealedBidAuction;
import io.foundation.mabeam.internal.auction.Vickrey;
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

/** A Vickrey auction with 10⁵ sealed bids, including validation, against sorting all bids. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VickreyBenchmark {

    private final Vickrey vickrey = new Vickrey();
    private SealedBidAuction auction;

    @Setup
    public void setUp() {
        auction = new SealedBidAuction("lot", Instances.sealedBids(100_000, 1), 500_000_000L);
    }

    @Benchmark
    public AuctionOutcome vickrey100k() {
        return vickrey.run(auction);
    }

    /** Oracle: sort a copy by amount (stable, so ties keep submission order) and read off the top two. */
    @Benchmark
    public long sortingOracle100k() {
        List<Bid> sorted = new ArrayList<>(auction.bids());
        sorted.sort(Comparator.comparingLong(Bid::amount).reversed());
        return Math.max(sorted.get(1).amount(), auction.reservePrice());
    }
}
