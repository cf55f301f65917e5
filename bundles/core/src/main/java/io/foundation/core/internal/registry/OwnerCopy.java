package io.foundation.core.internal.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.foundation.api.registry.Entry;

/**
 * One owner's entries as this member holds them, with their digest kept up to date on every change: digests are
 * compared every second, and summing thousands of entries each time held the store's lock long enough to delay
 * the changes behind it by tens of milliseconds.
 */
final class OwnerCopy {

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long hash;

    /** Puts {@code entry}, returning the entry it replaced, or null. */
    Entry put(Entry entry) {
        Entry old = entries.put(entry.id(), entry);
        if (old != null) {
            hash -= Wire.Digest.hash(old);
        }
        hash += Wire.Digest.hash(entry);
        return old;
    }

    /** Removes the entry with this id, returning it, or null if there was none. */
    Entry remove(String id) {
        Entry old = entries.remove(id);
        if (old != null) {
            hash -= Wire.Digest.hash(old);
        }
        return old;
    }

    void clear() {
        entries.clear();
        hash = 0;
    }

    Set<String> ids() {
        return entries.keySet();
    }

    Collection<Entry> values() {
        return entries.values();
    }

    Wire.Digest digest(boolean replayed) {
        return new Wire.Digest(entries.size(), hash, replayed);
    }
}
