package io.foundation.registry.ignite;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.RegistryStore;

/** A store listener that keeps what it was told and checks that calls never overlap. */
final class Recorder implements RegistryStore.Listener {

    final Map<String, Entry> entries = new ConcurrentHashMap<>();
    final Set<String> replayed = ConcurrentHashMap.newKeySet();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicBoolean overlapped = new AtomicBoolean();
    private final AtomicBoolean inCall = new AtomicBoolean();

    @Override
    public void put(Entry entry) {
        enter();
        entries.put(entry.id(), entry);
        calls.add("put " + entry.id() + " v" + entry.version());
        leave();
    }

    @Override
    public void removed(String entryId) {
        enter();
        entries.remove(entryId);
        calls.add("removed " + entryId);
        leave();
    }

    @Override
    public void replayed(String memberId) {
        enter();
        replayed.add(memberId);
        calls.add("replayed " + memberId);
        leave();
    }

    private void enter() {
        if (!inCall.compareAndSet(false, true)) {
            overlapped.set(true);
        }
    }

    private void leave() {
        inCall.set(false);
    }
}
