package io.foundation.bench.mabeam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.foundation.api.mabeam.auction.Bid;
import io.foundation.api.mabeam.auction.BundleBid;
import io.foundation.api.mabeam.auction.CombinatorialAuction;
import io.foundation.api.mabeam.auction.Item;
import io.foundation.api.mabeam.auction.SearchLimit;
import io.foundation.api.mabeam.game.BimatrixGame;
import io.foundation.api.mabeam.market.Order;
import io.foundation.api.mabeam.market.OrderEvent;
import io.foundation.api.mabeam.market.Side;

/** Seeded problem generators, so every run measures the same instances. */
final class Instances {

    private Instances() {
    }

    /** {@code n} sealed bids with amounts uniform in [0, 10⁹). */
    static List<Bid> sealedBids(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Bid> bids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bids.add(new Bid("bidder-" + i, random.nextLong(1_000_000_000L)));
        }
        return bids;
    }

    /**
     * {@code n} order events: 90 % submissions (side by coin flip, price uniform in 90..110, quantity 1..100), 10 %
     * cancels of a random earlier order.
     */
    static List<OrderEvent> orderEvents(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<OrderEvent> events = new ArrayList<>(n);
        int submitted = 0;
        for (int i = 0; i < n; i++) {
            if (submitted > 0 && random.nextInt(10) == 0) {
                events.add(OrderEvent.cancel("o" + random.nextInt(submitted)));
            } else {
                events.add(OrderEvent.submit(new Order("o" + submitted, "t" + random.nextInt(100),
                        random.nextBoolean() ? Side.BID : Side.ASK, 90 + random.nextInt(21),
                        1 + random.nextInt(100))));
                submitted++;
            }
        }
        return events;
    }

    /**
     * A combinatorial auction with {@code bids} bundle bids over {@code bids / 2} items (at least 8) from
     * {@code bids / 2} bidders, two different bundles each. Items have values uniform in 50..150; a bundle holds 1–4
     * random items and is bid at the sum of its values plus a synergy of up to 20 % per extra item.
     */
    static CombinatorialAuction bundles(int bids, long seed, SearchLimit limit) {
        SplittableRandom random = new SplittableRandom(seed);
        int itemCount = Math.max(8, bids / 2);
        List<Item> items = new ArrayList<>();
        long[] values = new long[itemCount];
        for (int i = 0; i < itemCount; i++) {
            items.add(new Item("item-" + i));
            values[i] = 50 + random.nextInt(101);
        }
        List<BundleBid> list = new ArrayList<>();
        Set<Integer> previous = Set.of();
        for (int b = 0; b < bids; b++) {
            Set<Integer> chosen = new LinkedHashSet<>();
            int size = 1 + random.nextInt(4);
            while (chosen.size() < size || b % 2 == 1 && chosen.equals(previous)) {
                if (chosen.size() == size) {
                    chosen.clear();
                }
                chosen.add(random.nextInt(itemCount));
            }
            long amount = 0;
            for (int item : chosen) {
                amount += values[item];
            }
            amount += Math.round(amount * (size - 1) * 0.2 * random.nextDouble());
            list.add(new BundleBid("bidder-" + b / 2, chosen.stream().map(i -> "item-" + i).toList(), amount));
            previous = chosen;
        }
        return new CombinatorialAuction(items, list, limit);
    }

    /** An m×n game with integer payoffs uniform in −100..100. */
    static BimatrixGame game(int m, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new BimatrixGame(matrix(m, n, random), matrix(m, n, random));
    }

    private static List<List<Double>> matrix(int m, int n, SplittableRandom random) {
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            List<Double> row = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                row.add((double) random.nextInt(-100, 101));
            }
            rows.add(row);
        }
        return rows;
    }
}
