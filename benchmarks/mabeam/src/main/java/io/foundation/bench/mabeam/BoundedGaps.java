package io.foundation.bench.mabeam;

import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.SearchLimit;
import io.foundation.mabeam.internal.auction.Combinatorial;

/**
 * The gap bounded winner determination reports, against the exact optimum. For each size, first the exact search,
 * then each node budget: means over five seeded instances of the reported gap ((upper bound − welfare) / upper
 * bound), the true shortfall ((optimum − welfare) / optimum), nodes visited and solve time. The whole table is
 * computed twice and printed the second time, so the times are of compiled code. Run:
 * {@code java -cp benchmarks/mabeam/target/benchmarks.jar io.foundation.bench.mabeam.BoundedGaps}
 */
public final class BoundedGaps {

    private static final int[] SIZES = {20, 40, 80, 160};
    private static final long[] BUDGETS = {10, 100, 1_000, 10_000};
    private static final int INSTANCES = 5;

    private BoundedGaps() {
    }

    public static void main(String[] args) {
        table(false);
        table(true);
    }

    private static void table(boolean print) {
        Combinatorial combinatorial = new Combinatorial();
        if (print) {
            System.out.printf("%-6s %-10s %-14s %-16s %-10s %-10s %s%n", "bids", "maxNodes", "reported gap",
                    "true shortfall", "optimal", "nodes", "time");
        }
        for (int bids : SIZES) {
            long[] optimum = new long[INSTANCES];
            long nodes = 0;
            long nanos = 0;
            for (int i = 0; i < INSTANCES; i++) {
                long start = System.nanoTime();
                AuctionOutcome exact = combinatorial.run(Instances.bundles(bids, i + 1, null));
                nanos += System.nanoTime() - start;
                optimum[i] = exact.measurements().welfare();
                nodes += exact.search().nodes();
            }
            if (print) {
                System.out.printf("%-6d %-10s %-14s %-16s %-10s %-10d %.2f ms%n", bids, "exact", "0.00 %", "0.00 %",
                        INSTANCES + "/" + INSTANCES, nodes / INSTANCES, nanos / 1e6 / INSTANCES);
            }
            for (long budget : BUDGETS) {
                double gap = 0;
                double shortfall = 0;
                int proven = 0;
                nodes = 0;
                nanos = 0;
                for (int i = 0; i < INSTANCES; i++) {
                    long start = System.nanoTime();
                    AuctionOutcome outcome = combinatorial.run(Instances.bundles(bids, i + 1,
                            new SearchLimit(budget, null)));
                    nanos += System.nanoTime() - start;
                    long welfare = outcome.measurements().welfare();
                    gap += (double) outcome.search().gap() / outcome.search().upperBound();
                    shortfall += (double) (optimum[i] - welfare) / optimum[i];
                    proven += outcome.search().optimal() ? 1 : 0;
                    nodes += outcome.search().nodes();
                }
                if (print) {
                    System.out.printf("%-6d %-10d %-14s %-16s %-10s %-10d %.2f ms%n", bids, budget,
                            String.format("%.2f %%", 100 * gap / INSTANCES),
                            String.format("%.2f %%", 100 * shortfall / INSTANCES), proven + "/" + INSTANCES,
                            nodes / INSTANCES, nanos / 1e6 / INSTANCES);
                }
            }
        }
    }
}
