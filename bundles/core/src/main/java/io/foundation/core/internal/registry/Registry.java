package io.foundation.core.internal.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.cluster.ViewListener;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Health;
import io.foundation.api.registry.Query;
import io.foundation.api.registry.Registration;
import io.foundation.api.registry.RegistryListener;
import io.foundation.api.registry.RegistryStore;
import io.foundation.api.registry.Router;
import io.foundation.api.registry.Routing;

/**
 * The node's registry, behind every bundle's {@link io.foundation.api.registry.ServiceRegistry}. It keeps the
 * node's own registrations (the ledger) and writes each to every {@link RegistryStore} present, replaying the
 * ledger into a store that arrives; it reads from the highest-ranked store into which every member of the view has
 * replayed, falling back to the lowest-ranked one (the embedded store) when none has. Reads are lookups in this
 * node's memory.
 *
 * <p>Two promises hold whatever the stores' delivery lag. A look-up on this node sees its own registrations as soon
 * as {@code register} returns and stops seeing them as soon as they are closed: the registry applies its own
 * changes to its copy of every store itself, and ignores a store's late echo of a withdrawn one. And moving reads
 * from one store to another never hides an entry the first one showed: reads stay on the first store until the
 * second holds all of its entries of current members, for at most {@link #CATCH_UP}.
 */
@Component(service = {Registry.class, ViewListener.class}, immediate = true)
public final class Registry implements ViewListener, StoreIndex.Changes {

    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    static final int MAX_NAME = 256;
    static final int MAX_LABELS = 64;
    static final int MAX_VALUE = 2048;
    /** The longest reads wait for a store to catch up with the one they come from before they move anyway. */
    static final Duration CATCH_UP = Duration.ofSeconds(2);
    private static final long CATCH_UP_RECHECK_MILLIS = 20;

    private static final Comparator<StoreIndex> PREFERENCE = Comparator.comparingInt(StoreIndex::ranking).reversed()
            .thenComparingLong(StoreIndex::serviceId);

    private final Membership membership;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService probes;
    /** The node's own entries by id, as last published. */
    private final Map<String, Entry> ledger = new ConcurrentHashMap<>();
    /** Serialises writes to the stores, so each store sees every entry's versions in order. */
    private final Object writes = new Object();
    /** Serialises index changes with switching the store reads come from, so watches see one consistent story. */
    private final Object reads = new Object();
    private final List<StoreIndex> stores = new CopyOnWriteArrayList<>();
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final AtomicLong clock = new AtomicLong();
    private volatile StoreIndex active;
    private volatile Set<String> viewMembers;
    private volatile boolean stopped;
    /** When reads started waiting for the preferred store to catch up (System.nanoTime), 0 if they are not. */
    private long catchUpSince;
    private boolean catchUpRecheck;

    @Activate
    public Registry(@Reference Membership membership) {
        this.membership = membership;
        this.viewMembers = ids(membership.view().members());
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "foundation-registry-health");
            t.setDaemon(true);
            return t;
        });
        this.probes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "foundation-registry-check");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        List.copyOf(watches).forEach(Watch::close);
        scheduler.shutdownNow();
        probes.shutdownNow();
        synchronized (writes) {
            for (StoreIndex index : stores) {
                close(index);
            }
            stores.clear();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(RegistryStore store, Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object serviceId = properties.get(Constants.SERVICE_ID);
        StoreIndex index = new StoreIndex(store, store.name(), ranking instanceof Integer r ? r : 0,
                serviceId instanceof Long id ? id : 0, this);
        Member local = membership.localMember();
        List<Entry> replay;
        try {
            synchronized (writes) {
                store.open(local, index);
                stores.add(index);
                replay = List.copyOf(ledger.values());
            }
            // Replayed without holding the write lock: a store that is slow to write (Ignite) must not hold up
            // registrations meanwhile. They reach the new store directly, since it is in the list already.
            for (Entry entry : replay) {
                put(index, entry);
            }
            synchronized (writes) {
                // What changed during the replay: an entry withdrawn, or published again in a newer version that
                // the replay may have overwritten with the older one.
                for (Entry replayed : replay) {
                    Entry now = ledger.get(replayed.id());
                    if (now == null) {
                        remove(index, replayed.id());
                    } else if (!now.equals(replayed)) {
                        put(index, now);
                    }
                }
                store.replayed(local.id());
            }
        } catch (RuntimeException e) {
            synchronized (writes) {
                stores.remove(index);
            }
            LOG.error("Registry store {} failed to start: {}; reads stay on {}", store.name(), e.toString(),
                    store(), e);
            return;
        }
        LOG.info("Registry store {} (ranking {}) added with {} entries of this node", index.name(), index.ranking(),
                ledger.size());
        choose();
    }

    void removeStore(RegistryStore store) {
        StoreIndex gone = null;
        synchronized (writes) {
            for (StoreIndex index : stores) {
                if (index.store() == store) {
                    gone = index;
                }
            }
            if (gone == null) {
                return;
            }
            stores.remove(gone);
            close(gone);
        }
        LOG.info("Registry store {} removed", gone.name());
        choose();
    }

    @Override
    public void viewChanged(ViewChange change) {
        Set<String> members = ids(change.current().members());
        viewMembers = members;
        for (StoreIndex index : stores) {
            index.retain(members);
            try {
                index.store().retain(members);
            } catch (RuntimeException e) {
                LOG.warn("Registry store {} could not forget departed members: {}", index.name(), e.toString());
            }
        }
        choose();
    }

    /** Validates and publishes a registration of this node. */
    OwnedEntry register(Registration registration, Consumer<OwnedEntry> onClose) {
        validate(registration);
        requireRunning();
        Member local = membership.localMember();
        Entry entry = new Entry(nextId(), registration.name(), registration.capabilities(), registration.metadata(),
                registration.endpoint(), local.id(), local.name(), Health.PASSING, 1);
        OwnedEntry handle = new OwnedEntry(this, entry, onClose);
        publish(entry);
        return handle;
    }

    List<Entry> lookup(String name) {
        StoreIndex index = active;
        return index == null ? List.of() : index.lookup(name);
    }

    List<Entry> discover(Query query) {
        return discover(Matcher.of(query));
    }

    Watch watch(Query query, RegistryListener listener) {
        Matcher matcher = Matcher.of(query);
        requireRunning();
        Watch watch = new Watch(matcher, listener, watches::remove);
        synchronized (reads) {
            watches.add(watch);
            StoreIndex index = active;
            watch.reset(index == null ? List.of() : index.entries());
        }
        return watch;
    }

    Router router(Query query, Routing routing) {
        Matcher matcher = Matcher.of(query);
        Supplier<List<Entry>> candidates = () -> discover(matcher);
        return new EntryRouter(candidates, routing, membership.localMember().id());
    }

    /** The store reads come from, or {@code none} before any store is present. */
    String store() {
        StoreIndex index = active;
        return index == null ? "none" : index.name();
    }

    /** Every store present, best first, with whether every member of the view has replayed into it. */
    List<String> stores() {
        Set<String> members = viewMembers;
        return stores.stream().sorted(PREFERENCE)
                .map(s -> s.name() + " (ranking " + s.ranking() + (s.replayedAll(members) ? ", complete" : "") + ")")
                .toList();
    }

    void publish(Entry entry) {
        synchronized (writes) {
            requireRunning();
            ledger.put(entry.id(), entry);
            for (StoreIndex index : stores) {
                try {
                    put(index, entry);
                } catch (RuntimeException e) {
                    LOG.warn("Registry store {} refused entry {}: {}", index.name(), entry.id(), e.toString());
                }
            }
        }
    }

    void withdraw(String entryId) {
        synchronized (writes) {
            if (ledger.remove(entryId) == null) {
                return;
            }
            for (StoreIndex index : stores) {
                try {
                    remove(index, entryId);
                } catch (RuntimeException e) {
                    LOG.warn("Registry store {} could not withdraw entry {}: {}", index.name(), entryId, e.toString());
                }
            }
        }
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService probes() {
        return probes;
    }

    @Override
    public void changed(StoreIndex index, Entry before, Entry after) {
        synchronized (reads) {
            if (index == active) {
                String id = after != null ? after.id() : before.id();
                watches.forEach(w -> w.changed(id, after));
            }
        }
    }

    @Override
    public void replayed(StoreIndex index, String memberId) {
        if (index != active) {
            choose();
        }
    }

    @Override
    public boolean withdrawn(Entry entry) {
        return entry.owner().equals(membership.localMember().id()) && !ledger.containsKey(entry.id());
    }

    /** Throws if a metadata key cannot be used in a filter or the labels are too big to publish. */
    static void validateMetadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_LABELS) {
            throw new IllegalArgumentException("metadata: at most " + MAX_LABELS + " keys, was " + metadata.size());
        }
        metadata.forEach((key, value) -> {
            if (!Matcher.validAttribute(key)) {
                throw new IllegalArgumentException("metadata key '" + key + "' is not a valid filter attribute (no "
                        + "spaces, no =()~<>*\\)");
            }
            if (key.length() > MAX_NAME) {
                throw new IllegalArgumentException("metadata key '" + key + "' is longer than " + MAX_NAME);
            }
            if (value.length() > MAX_VALUE) {
                throw new IllegalArgumentException("metadata value of '" + key + "' is longer than " + MAX_VALUE);
            }
        });
    }

    private static void validate(Registration registration) {
        if (registration.name().isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (registration.name().length() > MAX_NAME) {
            throw new IllegalArgumentException("name is longer than " + MAX_NAME + " characters");
        }
        if (registration.capabilities().size() > MAX_LABELS) {
            throw new IllegalArgumentException("capabilities: at most " + MAX_LABELS + ", was "
                    + registration.capabilities().size());
        }
        for (String capability : registration.capabilities()) {
            if (capability.isBlank() || capability.length() > MAX_NAME) {
                throw new IllegalArgumentException("capability '" + capability + "' must be 1.." + MAX_NAME
                        + " characters, not blank");
            }
        }
        validateMetadata(registration.metadata());
        if (registration.endpoint().length() > MAX_VALUE) {
            throw new IllegalArgumentException("endpoint is longer than " + MAX_VALUE + " characters");
        }
    }

    private List<Entry> discover(Matcher matcher) {
        StoreIndex index = active;
        if (index == null) {
            return List.of();
        }
        List<Entry> found = new ArrayList<>();
        if (matcher.query().name().isPresent()) {
            for (Entry entry : index.lookup(matcher.query().name().get())) {
                StoreIndex.Indexed indexed = index.indexed(entry.id());
                if (indexed != null && matcher.matches(entry, indexed.attributes())) {
                    found.add(entry);
                }
            }
            return found;
        }
        for (StoreIndex.Indexed indexed : index.all()) {
            if (matcher.matches(indexed.entry(), indexed.attributes())) {
                found.add(indexed.entry());
            }
        }
        found.sort(StoreIndex.ORDER);
        return found;
    }

    /**
     * The store's write, then the same change in this node's copy of it, so the node reads its own writes at once.
     * The store's echo of it finds the copy up to date.
     */
    private static void put(StoreIndex index, Entry entry) {
        index.store().put(entry);
        index.put(entry);
    }

    private static void remove(StoreIndex index, String entryId) {
        index.store().remove(entryId);
        index.removed(entryId);
    }

    /**
     * Picks the store reads come from and, if it changed, tells the watches what differs. A move waits while the
     * new store lacks entries the current one shows (its delivery lags: Ignite's events trail its writes), so that
     * no reader sees an entry disappear and come back; the store that goes away keeps answering from its last
     * contents meanwhile.
     */
    private void choose() {
        synchronized (reads) {
            Set<String> members = viewMembers;
            List<StoreIndex> ranked = stores.stream().sorted(PREFERENCE).toList();
            StoreIndex next = ranked.stream().filter(s -> s.replayedAll(members)).findFirst()
                    .orElse(ranked.isEmpty() ? null : ranked.get(ranked.size() - 1));
            StoreIndex previous = active;
            if (next == previous) {
                catchUpSince = 0;
                return;
            }
            long waited = 0;
            if (previous != null && next != null) {
                long missing = next.missing(previous, members);
                long now = System.nanoTime();
                if (missing > 0 && catchUpSince == 0) {
                    catchUpSince = now;
                }
                waited = catchUpSince == 0 ? 0 : now - catchUpSince;
                if (missing > 0 && waited < CATCH_UP.toNanos()) {
                    recheckLater();
                    return;
                }
                if (missing > 0) {
                    LOG.warn("Registry store {} still lacks {} entries that store {} shows after {} ms; reads move "
                            + "to it anyway", next.name(), missing, previous.name(), CATCH_UP.toMillis());
                }
            }
            catchUpSince = 0;
            active = next;
            LOG.info("Registry reads now come from store {} (was {}{})", next == null ? "none" : next.name(),
                    previous == null ? "none" : previous.name(),
                    waited == 0 ? "" : "; waited " + waited / 1_000_000 + " ms for it to hold every entry shown");
            List<Entry> entries = next == null ? List.of() : next.entries();
            watches.forEach(w -> w.reset(entries));
        }
    }

    /** Calls {@link #choose} again shortly, once however often asked meanwhile. */
    private void recheckLater() {
        if (catchUpRecheck || stopped) {
            return;
        }
        catchUpRecheck = true;
        try {
            scheduler.schedule(() -> {
                synchronized (reads) {
                    catchUpRecheck = false;
                }
                choose();
            }, CATCH_UP_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException deactivated) {
            catchUpRecheck = false;
        }
    }

    private void close(StoreIndex index) {
        try {
            index.store().close();
        } catch (RuntimeException e) {
            LOG.warn("Registry store {} failed to close: {}", index.name(), e.toString());
        }
    }

    private void requireRunning() {
        if (stopped) {
            throw new IllegalStateException("the registry is stopping");
        }
    }

    /** Time-ordered, so that sorting by id lists the oldest registration first, unique by its random tail. */
    private String nextId() {
        long now = System.currentTimeMillis();
        long stamp = clock.updateAndGet(last -> Math.max(last + 1, now));
        return String.format("%011x-%08x", stamp, ThreadLocalRandom.current().nextInt());
    }

    private static Set<String> ids(List<Member> members) {
        Set<String> ids = new HashSet<>();
        members.forEach(m -> ids.add(m.id()));
        return Set.copyOf(ids);
    }
}
