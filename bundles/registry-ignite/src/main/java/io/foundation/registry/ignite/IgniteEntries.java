package io.foundation.registry.ignite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.CacheRebalanceMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Member;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.RegistryStore;

/**
 * The registry's entries in two replicated Ignite caches: {@value #ENTRIES} (entry id to the entry as JSON) and
 * {@value #REPLAYED} (member id to when it finished replaying). Writes return once every Ignite node holds them.
 * A continuous query per cache feeds the listener on one thread, initial contents first; a member's replay mark
 * reaches the listener only after every entry that member had written before it, read from this node's copy.
 *
 * <p>Entries a member wrote in an earlier session (before its store was closed, or its node restarted) are left
 * in place while it replays, so that nobody's look-ups go empty, and withdrawn once its replay is complete.
 */
final class IgniteEntries implements RegistryStore {

    static final String ENTRIES = "foundation-registry";
    static final String REPLAYED = "foundation-registry-replayed";

    private static final Logger LOG = LoggerFactory.getLogger(IgniteEntries.class);
    private static final long CLOSE_MILLIS = 5_000;

    private final IgniteCache<String, String> entries;
    private final IgniteCache<String, Long> replays;
    private final ExecutorService delivery;
    /** Ids of the entries the local member has put since it opened the store and not removed. */
    private final Set<String> ownPut = new HashSet<>();
    private Member local;
    private Listener listener;
    private QueryCursor<Cache.Entry<String, String>> entryWatch;
    private QueryCursor<Cache.Entry<String, Long>> replayWatch;
    private volatile boolean closed;

    IgniteEntries(Ignite ignite) {
        this.entries = replicatedCache(ignite, ENTRIES);
        this.replays = replicatedCache(ignite, REPLAYED);
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "ignite-registry-" + ignite.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The named cache, replicated: every read here is local, and the checks of what a member left behind scan this
     * node's copy.
     *
     * @throws IllegalStateException if a cache of that name exists with another mode (from an expert XML)
     */
    static <V> IgniteCache<String, V> replicatedCache(Ignite ignite, String name) {
        IgniteCache<String, V> cache = ignite.getOrCreateCache(replicated(name));
        @SuppressWarnings("unchecked")
        CacheMode mode = cache.getConfiguration(CacheConfiguration.class).getCacheMode();
        if (mode != CacheMode.REPLICATED) {
            throw new IllegalStateException("cache " + name + " exists in mode " + mode + "; the registry needs it "
                    + "REPLICATED");
        }
        return cache;
    }

    private static <V> CacheConfiguration<String, V> replicated(String name) {
        return new CacheConfiguration<String, V>(name)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                // A joining node has the whole registry before its first read.
                .setRebalanceMode(CacheRebalanceMode.SYNC);
    }

    @Override
    public String name() {
        return "ignite";
    }

    @Override
    public synchronized void open(Member member, Listener target) {
        if (local != null) {
            throw new IllegalStateException("the ignite store is already open");
        }
        local = member;
        listener = target;
        CompletableFuture<List<Cache.Entry<String, String>>> initialEntries = new CompletableFuture<>();
        CompletableFuture<List<Cache.Entry<String, Long>>> initialReplays = new CompletableFuture<>();
        // Changes reported while the initial contents are read queue up behind them.
        delivery.execute(() -> {
            initialEntries.join().forEach(e -> deliverPut(e.getKey(), e.getValue()));
            initialReplays.join().forEach(e -> target.replayed(e.getKey()));
        });
        try {
            entryWatch = entries.query(new ContinuousQuery<String, String>()
                    .setInitialQuery(new ScanQuery<>())
                    .setLocalListener(events -> {
                        List<CacheEntryEvent<? extends String, ? extends String>> batch = new ArrayList<>();
                        events.forEach(batch::add);
                        deliver(() -> batch.forEach(this::deliverEntryEvent));
                    }));
            initialEntries.complete(entryWatch.getAll());
            replayWatch = replays.query(new ContinuousQuery<String, Long>()
                    .setInitialQuery(new ScanQuery<>())
                    .setLocalListener(events -> {
                        List<String> marked = new ArrayList<>();
                        events.forEach(e -> {
                            if (e.getEventType() == EventType.CREATED || e.getEventType() == EventType.UPDATED) {
                                marked.add(e.getKey());
                            }
                        });
                        deliver(() -> marked.forEach(this::deliverReplayed));
                    }));
            initialReplays.complete(replayWatch.getAll());
        } catch (RuntimeException e) {
            initialEntries.complete(List.of());
            initialReplays.complete(List.of());
            throw new IllegalStateException("the ignite store cannot watch its caches: " + GridNode.causes(e), e);
        }
    }

    @Override
    public void put(Entry entry) {
        synchronized (this) {
            ownPut.add(entry.id());
        }
        write(() -> entries.put(entry.id(), EntryJson.write(entry)), "put " + entry.id());
    }

    @Override
    public void remove(String entryId) {
        synchronized (this) {
            ownPut.remove(entryId);
        }
        write(() -> entries.remove(entryId), "remove " + entryId);
    }

    /** Withdraws what the member left from an earlier session, then marks it replayed. */
    @Override
    public void replayed(String memberId) {
        if (local != null && memberId.equals(local.id())) {
            Set<String> current;
            synchronized (this) {
                current = Set.copyOf(ownPut);
            }
            Set<String> leftovers = new HashSet<>();
            entries.localEntries(CachePeekMode.PRIMARY, CachePeekMode.BACKUP).forEach(e -> {
                if (memberId.equals(EntryJson.owner(e.getValue())) && !current.contains(e.getKey())) {
                    leftovers.add(e.getKey());
                }
            });
            if (!leftovers.isEmpty()) {
                LOG.info("Withdrawing {} entries this member left in Ignite earlier", leftovers.size());
                write(() -> entries.removeAll(leftovers), "remove leftovers");
            }
        }
        write(() -> replays.put(memberId, System.currentTimeMillis()), "mark " + memberId + " replayed");
    }

    @Override
    public void retain(Set<String> memberIds) {
        Set<String> gone = new HashSet<>();
        entries.localEntries(CachePeekMode.PRIMARY, CachePeekMode.BACKUP).forEach(e -> {
            if (!memberIds.contains(EntryJson.owner(e.getValue()))) {
                gone.add(e.getKey());
            }
        });
        Set<String> marks = new HashSet<>();
        replays.localEntries(CachePeekMode.PRIMARY, CachePeekMode.BACKUP).forEach(e -> {
            if (!memberIds.contains(e.getKey())) {
                marks.add(e.getKey());
            }
        });
        if (!gone.isEmpty()) {
            write(() -> entries.removeAll(gone), "remove entries of departed members");
        }
        if (!marks.isEmpty()) {
            write(() -> replays.removeAll(marks), "remove replay marks of departed members");
        }
    }

    /**
     * Stops watching and takes back the local member's replay mark, since its entries will no longer be kept up to
     * date here; the entries themselves stay for the members still reading them. The Ignite node belongs to the
     * component that started it.
     */
    @Override
    public void close() {
        Member member;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            member = local;
        }
        closeQuietly(entryWatch);
        closeQuietly(replayWatch);
        if (member != null) {
            try {
                replays.removeAsync(member.id()).get(CLOSE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                LOG.warn("Could not withdraw this member's replay mark from Ignite: {}", GridNode.causes(e));
            }
        }
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(CLOSE_MILLIS, TimeUnit.MILLISECONDS)) {
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Runnable task) {
        if (!closed) {
            delivery.execute(task);
        }
    }

    private void deliverEntryEvent(CacheEntryEvent<? extends String, ? extends String> event) {
        switch (event.getEventType()) {
            case CREATED, UPDATED -> deliverPut(event.getKey(), event.getValue());
            case REMOVED, EXPIRED -> call(() -> listener.removed(event.getKey()));
        }
    }

    private void deliverPut(String id, String json) {
        Entry entry;
        try {
            entry = EntryJson.read(json);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring registry entry {} in Ignite: {}", id, e.getMessage());
            return;
        }
        if (!entry.id().equals(id)) {
            LOG.warn("Ignoring registry entry {} in Ignite: it says its id is {}", id, entry.id());
            return;
        }
        call(() -> listener.put(entry));
    }

    /** Everything the member wrote before its mark is in this node's copy by now: deliver that first. */
    private void deliverReplayed(String memberId) {
        entries.localEntries(CachePeekMode.PRIMARY, CachePeekMode.BACKUP).forEach(e -> {
            if (memberId.equals(EntryJson.owner(e.getValue()))) {
                deliverPut(e.getKey(), e.getValue());
            }
        });
        call(() -> listener.replayed(memberId));
    }

    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("The registry's listener failed: {}", e.toString(), e);
        }
    }

    private void write(Runnable operation, String what) {
        if (closed) {
            throw new IllegalStateException("the ignite store is closed");
        }
        try {
            operation.run();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the ignite store could not " + what + ": " + GridNode.causes(e), e);
        }
    }

    private static void closeQuietly(QueryCursor<?> cursor) {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a continuous query failed: {}", e.toString());
            }
        }
    }
}
