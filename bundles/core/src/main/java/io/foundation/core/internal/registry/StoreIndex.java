package io.foundation.core.internal.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.RegistryStore;

/**
 * This node's in-memory copy of one store's contents, fed by the store's listener calls and, for the node's own
 * entries, by the registry at the moment it writes them. Reads never lock: a look-up by name returns a list
 * prepared when the entries of that name last changed.
 */
final class StoreIndex implements RegistryStore.Listener {

    /** An entry with its metadata as filters see it. */
    record Indexed(Entry entry, Map<String, Object> attributes) {
    }

    /** Told about every change, in the order the store reported them. */
    interface Changes {
        void changed(StoreIndex index, Entry before, Entry after);

        void replayed(StoreIndex index, String memberId);

        /**
         * True for an entry of the local member that it no longer holds: the late echo of a withdrawn
         * registration, or one left in the store by an earlier session. Such an entry is not indexed.
         */
        boolean withdrawn(Entry entry);
    }

    /** Oldest registration first: entry ids begin with their registration time. */
    static final Comparator<Entry> ORDER = Comparator.comparing(Entry::id);

    private final RegistryStore store;
    private final String name;
    private final int ranking;
    private final long serviceId;
    private final Changes changes;
    private final Map<String, Indexed> byId = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<String, Entry>> byNameSorted = new ConcurrentHashMap<>();
    private final Map<String, List<Entry>> byName = new ConcurrentHashMap<>();
    private final Set<String> replayed = ConcurrentHashMap.newKeySet();

    StoreIndex(RegistryStore store, String name, int ranking, long serviceId, Changes changes) {
        this.store = store;
        this.name = name;
        this.ranking = ranking;
        this.serviceId = serviceId;
        this.changes = changes;
    }

    RegistryStore store() {
        return store;
    }

    String name() {
        return name;
    }

    int ranking() {
        return ranking;
    }

    long serviceId() {
        return serviceId;
    }

    List<Entry> lookup(String service) {
        List<Entry> entries = byName.get(service);
        return entries == null ? List.of() : entries;
    }

    Indexed indexed(String entryId) {
        return byId.get(entryId);
    }

    Collection<Indexed> all() {
        return byId.values();
    }

    /** Every entry, oldest registration first. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>(byId.size());
        byId.values().forEach(i -> entries.add(i.entry()));
        entries.sort(ORDER);
        return entries;
    }

    boolean replayedAll(Collection<String> memberIds) {
        return replayed.containsAll(memberIds);
    }

    Set<String> replayed() {
        return Set.copyOf(replayed);
    }

    @Override
    public synchronized void put(Entry entry) {
        Indexed previous = byId.get(entry.id());
        if (previous != null && (previous.entry().version() > entry.version() || previous.entry().equals(entry))) {
            return;
        }
        if (changes.withdrawn(entry)) {
            return;
        }
        byId.put(entry.id(), new Indexed(entry, Matcher.attributes(entry)));
        if (previous != null && !previous.entry().name().equals(entry.name())) {
            unlist(previous.entry());
        }
        ConcurrentSkipListMap<String, Entry> named = byNameSorted.computeIfAbsent(entry.name(),
                n -> new ConcurrentSkipListMap<>());
        named.put(entry.id(), entry);
        byName.put(entry.name(), List.copyOf(named.values()));
        changes.changed(this, previous == null ? null : previous.entry(), entry);
    }

    @Override
    public synchronized void removed(String entryId) {
        Indexed previous = byId.remove(entryId);
        if (previous != null) {
            unlist(previous.entry());
            changes.changed(this, previous.entry(), null);
        }
    }

    @Override
    public synchronized void replayed(String memberId) {
        replayed.add(memberId);
        changes.replayed(this, memberId);
    }

    /**
     * How many entries {@code other} holds, of the given members, that this index does not: while that is not
     * zero, reading from this index instead of {@code other} would hide entries a reader may have seen.
     */
    long missing(StoreIndex other, Set<String> memberIds) {
        long missing = 0;
        for (Indexed indexed : other.byId.values()) {
            Entry entry = indexed.entry();
            if (memberIds.contains(entry.owner()) && !byId.containsKey(entry.id()) && !changes.withdrawn(entry)) {
                missing++;
            }
        }
        return missing;
    }

    /** Forgets replay marks of members that left; the store drops their entries itself. */
    synchronized void retain(Set<String> memberIds) {
        replayed.retainAll(memberIds);
    }

    private void unlist(Entry entry) {
        ConcurrentSkipListMap<String, Entry> named = byNameSorted.get(entry.name());
        if (named == null) {
            return;
        }
        named.remove(entry.id());
        if (named.isEmpty()) {
            byNameSorted.remove(entry.name());
            byName.remove(entry.name());
        } else {
            byName.put(entry.name(), List.copyOf(named.values()));
        }
    }
}
