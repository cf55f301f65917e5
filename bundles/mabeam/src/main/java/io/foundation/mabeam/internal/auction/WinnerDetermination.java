package io.foundation.mabeam.internal.auction;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Exact winner determination for combinatorial auctions by depth-first branch and bound.
 *
 * <p>Bids are ranked by amount, highest first, equal amounts in submission order; bids of amount 0 never win. The
 * search decides the bids in rank order, trying "accept" before "reject", and skips bids that conflict with the
 * accepted ones. The bound on what the undecided bids can still add is the smaller of two relaxations over the bids
 * compatible with the current allocation: each free item earns at most the best per-item share
 * ({@code amount / bundle size}) of any bid containing it, and each bidder earns at most its best bid. A subtree is
 * cut when its bound cannot beat the incumbent by at least 1 (amounts are whole minor units).
 *
 * <p>Ties: every node is a feasible allocation (the bids accepted so far) and becomes the incumbent only on strictly
 * higher welfare. Since accepting a bid adds a positive amount, any allocation of equal welfare met later accepts
 * fewer highly ranked bids. So among optimal allocations the result is the one that, at the best-ranked bid where two
 * optimal allocations differ, accepts it.
 *
 * <p>With a node or time limit the search may stop early. It then reports its incumbent and an upper bound: the
 * largest bound of any subtree it left unexplored.
 */
final class WinnerDetermination {

    /**
     * @param winners accepted bids, in submission order
     * @param upperBound proven bound on the optimal welfare; equals {@code welfare} when optimal
     */
    record Result(int[] winners, long welfare, boolean optimal, long upperBound, long nodes) {
    }

    private final BundleBids bids;
    private final int[] order;
    private final long[] used;
    private final int[] path;
    private int depth;
    private long nodes;
    private final long maxNodes;
    private final long deadline;
    private boolean stopped;
    private double openBound;
    private long best;
    private int[] bestPath = new int[0];
    private final double[] itemShare;
    private final long[] bidderBest;
    private final int[] touchedItems;
    private final int[] touchedBidders;

    private WinnerDetermination(BundleBids bids, int excludedBidder) {
        this.bids = bids;
        this.order = IntStream.range(0, bids.size())
                .filter(i -> bids.amount[i] > 0 && bids.bidder[i] != excludedBidder)
                .boxed()
                .sorted((a, b) -> bids.amount[a] != bids.amount[b]
                        ? Long.compare(bids.amount[b], bids.amount[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue)
                .toArray();
        this.used = new long[bids.claims[0].length];
        this.path = new int[order.length];
        this.maxNodes = bids.maxNodes == null ? Long.MAX_VALUE : bids.maxNodes;
        this.deadline = bids.maxMillis == null ? Long.MAX_VALUE : System.nanoTime() + bids.maxMillis * 1_000_000;
        this.itemShare = new double[bids.itemCount];
        this.bidderBest = new long[bids.bidderCount];
        this.touchedItems = new int[bids.itemCount];
        this.touchedBidders = new int[bids.bidderCount];
    }

    /** The best allocation of all bids. */
    static Result solve(BundleBids bids) {
        return solve(bids, -1);
    }

    /** The best allocation of the bids of every bidder except {@code excludedBidder} (-1 for none). */
    static Result solve(BundleBids bids, int excludedBidder) {
        WinnerDetermination search = new WinnerDetermination(bids, excludedBidder);
        search.search(0, 0);
        int[] winners = search.bestPath.clone();
        Arrays.sort(winners);
        if (!search.stopped) {
            return new Result(winners, search.best, true, search.best, search.nodes);
        }
        long bound = Math.max(search.best, (long) Math.floor(search.openBound + 0.01));
        return new Result(winners, search.best, bound == search.best, bound, search.nodes);
    }

    private void search(int position, long value) {
        nodes++;
        if (value > best) {
            best = value;
            bestPath = Arrays.copyOf(path, depth);
        }
        if (stopped || limitReached()) {
            stopped = true;
            openBound = Math.max(openBound, value + bound(position));
            return;
        }
        int next = nextCompatible(position);
        if (next < 0 || value + bound(next) < best + 0.5) {
            return;
        }
        int bid = order[next];
        long[] claim = bids.claims[bid];
        toggle(claim);
        path[depth++] = bid;
        search(next + 1, value + bids.amount[bid]);
        depth--;
        toggle(claim);
        if (stopped) {
            openBound = Math.max(openBound, value + bound(next + 1));
            return;
        }
        search(next + 1, value);
    }

    private boolean limitReached() {
        return nodes > maxNodes || ((nodes & 1023) == 0 && System.nanoTime() > deadline);
    }

    private void toggle(long[] claim) {
        for (int w = 0; w < claim.length; w++) {
            used[w] ^= claim[w];
        }
    }

    private boolean compatible(int bid) {
        long[] claim = bids.claims[bid];
        for (int w = 0; w < claim.length; w++) {
            if ((used[w] & claim[w]) != 0) {
                return false;
            }
        }
        return true;
    }

    private int nextCompatible(int position) {
        for (int p = position; p < order.length; p++) {
            if (compatible(order[p])) {
                return p;
            }
        }
        return -1;
    }

    /** An upper bound on the welfare the compatible bids from {@code position} on can add. */
    private double bound(int position) {
        int itemsTouched = 0;
        int biddersTouched = 0;
        for (int p = position; p < order.length; p++) {
            int bid = order[p];
            if (!compatible(bid)) {
                continue;
            }
            double share = (double) bids.amount[bid] / bids.size[bid];
            for (int item : bids.items[bid]) {
                if (itemShare[item] == 0) {
                    touchedItems[itemsTouched++] = item;
                }
                itemShare[item] = Math.max(itemShare[item], share);
            }
            int bidder = bids.bidder[bid];
            if (bidderBest[bidder] == 0) {
                touchedBidders[biddersTouched++] = bidder;
            }
            bidderBest[bidder] = Math.max(bidderBest[bidder], bids.amount[bid]);
        }
        double byItem = 0;
        for (int i = 0; i < itemsTouched; i++) {
            byItem += itemShare[touchedItems[i]];
            itemShare[touchedItems[i]] = 0;
        }
        double byBidder = 0;
        for (int i = 0; i < biddersTouched; i++) {
            byBidder += bidderBest[touchedBidders[i]];
            bidderBest[touchedBidders[i]] = 0;
        }
        return Math.min(byItem, byBidder);
    }
}
