package io.foundation.core.internal.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Router;
import io.foundation.api.registry.Routing;

/**
 * Picks one of the entries a query matches now, by its {@link Routing}. Consistent hashing is rendezvous hashing
 * over entry ids: a key goes to the entry with the highest hash of (key, id), so when an entry comes or goes only
 * the keys that belong to it move. Without a key, consistent hashing routes round robin.
 */
final class EntryRouter implements Router {

    private final Supplier<List<Entry>> candidates;
    private final Routing routing;
    private final String localMember;
    private final AtomicLong turn = new AtomicLong();

    EntryRouter(Supplier<List<Entry>> candidates, Routing routing, String localMember) {
        this.candidates = candidates;
        this.routing = routing;
        this.localMember = localMember;
    }

    @Override
    public Optional<Entry> next() {
        List<Entry> entries = candidates.get();
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (routing.kind()) {
            case ROUND_ROBIN, CONSISTENT_HASH -> roundRobin(entries);
            case LOCAL_FIRST -> localFirst(entries);
            case LEAST_LOADED -> leastLoaded(entries);
        });
    }

    @Override
    public Optional<Entry> next(String key) {
        if (routing.kind() != Routing.Kind.CONSISTENT_HASH) {
            return next();
        }
        Entry best = null;
        long bestScore = 0;
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        for (Entry entry : candidates.get()) {
            long score = score(keyBytes, entry.id());
            if (best == null || Long.compareUnsigned(score, bestScore) > 0) {
                best = entry;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private Entry roundRobin(List<Entry> entries) {
        return entries.get((int) Math.floorMod(turn.getAndIncrement(), (long) entries.size()));
    }

    private Entry localFirst(List<Entry> entries) {
        List<Entry> local = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.owner().equals(localMember)) {
                local.add(entry);
            }
        }
        return roundRobin(local.isEmpty() ? entries : local);
    }

    private Entry leastLoaded(List<Entry> entries) {
        Entry best = null;
        double least = Double.POSITIVE_INFINITY;
        for (Entry entry : entries) {
            Double load = Matcher.number(entry.metadata().get(routing.gauge()));
            if (load != null && (best == null || load < least)) {
                best = entry;
                least = load;
            }
        }
        return best != null ? best : roundRobin(entries);
    }

    /** FNV-1a over the key and the id, finished with a 64-bit mix so that near ids spread. */
    private static long score(byte[] key, String id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ 0xff) * 0x100000001b3L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb34d9a2ec69bL;
        return hash ^ (hash >>> 33);
    }
}
