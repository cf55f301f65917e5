package io.foundation.mabeam.internal.auction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.foundation.api.mabeam.auction.BundleBid;
import io.foundation.api.mabeam.auction.CombinatorialAuction;
import io.foundation.api.mabeam.auction.Item;
import io.foundation.api.mabeam.auction.SearchLimit;
import io.foundation.mabeam.internal.protocol.Check;

/**
 * A validated combinatorial auction. Each bid claims its items and its bidder, as bits of one conflict set: two bids
 * conflict when they share an item (bundles must be disjoint) or a bidder (at most one bid per bidder wins).
 */
final class BundleBids {

    /** Amounts must add up to less than this so that bounds computed in {@code double} stay exact to 0.01. */
    static final long MAX_TOTAL = 1L << 52;

    final List<BundleBid> bids;
    final int[] bidder;
    final long[] amount;
    final int[] size;
    final int[][] items;
    final long[][] claims;
    final int itemCount;
    final int bidderCount;
    final Long maxNodes;
    final Long maxMillis;

    private BundleBids(List<BundleBid> bids, int itemCount, Map<String, Integer> bidders, int[][] items,
            Long maxNodes, Long maxMillis) {
        this.bids = bids;
        this.itemCount = itemCount;
        this.bidderCount = bidders.size();
        this.items = items;
        this.maxNodes = maxNodes;
        this.maxMillis = maxMillis;
        int n = bids.size();
        bidder = new int[n];
        amount = new long[n];
        size = new int[n];
        claims = new long[n][];
        int words = (itemCount + bidderCount + 63) / 64;
        for (int i = 0; i < n; i++) {
            bidder[i] = bidders.get(bids.get(i).bidder());
            amount[i] = bids.get(i).amount();
            size[i] = items[i].length;
            claims[i] = new long[words];
            for (int item : items[i]) {
                claims[i][item >>> 6] |= 1L << item;
            }
            int bit = itemCount + bidder[i];
            claims[i][bit >>> 6] |= 1L << bit;
        }
    }

    static BundleBids check(CombinatorialAuction problem) {
        List<Item> itemList = Check.nonEmpty("items", problem.items());
        Map<String, Integer> itemIndex = new HashMap<>();
        for (int i = 0; i < itemList.size(); i++) {
            String id = Check.name(Check.at("items", i, "id"), itemList.get(i).id());
            if (itemIndex.putIfAbsent(id, i) != null) {
                throw Check.invalid(Check.at("items", i, "id"), "duplicate \"" + id + "\"");
            }
        }
        List<BundleBid> bids = Check.nonEmpty("bids", problem.bids());
        Map<String, Integer> bidders = new LinkedHashMap<>();
        Map<String, Integer> seenBundles = new HashMap<>();
        int[][] items = new int[bids.size()][];
        long total = 0;
        for (int i = 0; i < bids.size(); i++) {
            BundleBid bid = bids.get(i);
            String bidder = Check.name(Check.at("bids", i, "bidder"), bid.bidder());
            String itemsField = Check.at("bids", i, "items");
            List<String> names = Check.nonEmpty(itemsField, bid.items());
            Set<String> inBundle = new HashSet<>();
            items[i] = new int[names.size()];
            for (int k = 0; k < names.size(); k++) {
                String name = names.get(k);
                Integer index = itemIndex.get(name);
                if (index == null) {
                    throw Check.invalid(Check.at(itemsField, k), "unknown item \"" + name + "\"");
                }
                if (!inBundle.add(name)) {
                    throw Check.invalid(Check.at(itemsField, k), "item \"" + name + "\" listed twice");
                }
                items[i][k] = index;
            }
            long amount = Check.nonNegative(Check.at("bids", i, "amount"), bid.amount());
            total = Check.add("bids", total, amount);
            String key = bidder + "\u0000" + new TreeSet<>(inBundle);
            Integer earlier = seenBundles.putIfAbsent(key, i);
            if (earlier != null) {
                throw Check.invalid(Check.at("bids", i), "repeats bids[" + earlier + "]: same bidder, same bundle");
            }
            bidders.putIfAbsent(bidder, bidders.size());
        }
        if (total >= MAX_TOTAL) {
            throw Check.invalid("bids", "amounts must add up to less than 2^52, were " + total);
        }
        Long maxNodes = null;
        Long maxMillis = null;
        SearchLimit limit = problem.limit();
        if (limit != null) {
            maxNodes = limit.maxNodes() == null ? null : Check.positive("limit.maxNodes", limit.maxNodes());
            maxMillis = limit.maxMillis() == null ? null : Check.positive("limit.maxMillis", limit.maxMillis());
        }
        return new BundleBids(bids, itemList.size(), bidders, items, maxNodes, maxMillis);
    }

    int size() {
        return amount.length;
    }

    boolean limited() {
        return maxNodes != null || maxMillis != null;
    }

    /** Item names of bid {@code i} as the bidder listed them. */
    List<String> itemNames(int i) {
        return new ArrayList<>(bids.get(i).items());
    }
}
