package io.foundation.mabeam.oracle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.foundation.api.mabeam.auction.BundleBid;

/**
 * Brute-force winner determination: every subset of bids, with the documented tie rule (bids ranked by amount, then
 * submission order; bids of amount 0 never win; among optimal subsets the one containing the best-ranked bid where
 * they differ).
 */
public final class BundleOracle {

    private BundleOracle() {
    }

    /** Accepted bid indices (ascending) of the best allocation of bids whose bidder is not {@code excluded}. */
    public static List<Integer> best(List<BundleBid> bids, String excluded) {
        int n = bids.size();
        List<Integer> rank = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> -bids.get(i).amount()).thenComparingInt(i -> i))
                .toList();
        long bestWelfare = -1;
        int bestMask = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            long welfare = welfare(bids, mask, excluded);
            if (welfare < 0) {
                continue;
            }
            if (welfare > bestWelfare || welfare == bestWelfare && preferred(mask, bestMask, rank)) {
                bestWelfare = welfare;
                bestMask = mask;
            }
        }
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if ((bestMask & 1 << i) != 0) {
                winners.add(i);
            }
        }
        return winners;
    }

    public static long welfare(List<BundleBid> bids, List<Integer> winners) {
        return winners.stream().mapToLong(i -> bids.get(i).amount()).sum();
    }

    /** Welfare of a feasible subset without zero bids or excluded bidders; -1 for any other subset. */
    private static long welfare(List<BundleBid> bids, int mask, String excluded) {
        Set<String> items = new HashSet<>();
        Set<String> bidders = new HashSet<>();
        long welfare = 0;
        for (int i = 0; i < bids.size(); i++) {
            if ((mask & 1 << i) == 0) {
                continue;
            }
            BundleBid bid = bids.get(i);
            if (bid.amount() == 0 || bid.bidder().equals(excluded) || !bidders.add(bid.bidder())) {
                return -1;
            }
            for (String item : bid.items()) {
                if (!items.add(item)) {
                    return -1;
                }
            }
            welfare += bid.amount();
        }
        return welfare;
    }

    /** At the best-ranked bid where the two subsets differ, {@code mask} contains it. */
    private static boolean preferred(int mask, int other, List<Integer> rank) {
        for (int i : rank) {
            boolean in = (mask & 1 << i) != 0;
            if (in != ((other & 1 << i) != 0)) {
                return in;
            }
        }
        return false;
    }
}
