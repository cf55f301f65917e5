package io.foundation.core.internal.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.foundation.api.cluster.Member;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.RegistryStore;

/**
 * A store in memory: what this node puts, plus what the test says other members put. While {@link #holding}, it
 * keeps its listener calls back until {@link #release}, as a store whose events trail its writes does.
 */
class FakeStore implements RegistryStore {

    private final String name;
    final Map<String, Entry> entries = new LinkedHashMap<>();
    final Set<String> replayed = new HashSet<>();
    int puts;
    boolean closed;
    boolean holding;
    private final List<Runnable> held = new ArrayList<>();
    private Listener listener;

    FakeStore(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void open(Member local, Listener target) {
        listener = target;
        entries.values().forEach(target::put);
        replayed.forEach(target::replayed);
    }

    @Override
    public synchronized void put(Entry entry) {
        puts++;
        entries.put(entry.id(), entry);
        deliver(() -> listener.put(entry));
    }

    @Override
    public synchronized void remove(String entryId) {
        if (entries.remove(entryId) != null) {
            deliver(() -> listener.removed(entryId));
        }
    }

    @Override
    public synchronized void replayed(String memberId) {
        replayed.add(memberId);
        deliver(() -> listener.replayed(memberId));
    }

    @Override
    public synchronized void retain(Set<String> memberIds) {
        entries.values().removeIf(e -> {
            boolean gone = !memberIds.contains(e.owner());
            if (gone) {
                listener.removed(e.id());
            }
            return gone;
        });
        replayed.retainAll(memberIds);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Another member's entry arriving. */
    synchronized void remote(Entry entry) {
        entries.put(entry.id(), entry);
        if (listener != null) {
            deliver(() -> listener.put(entry));
        }
    }

    /** Another member's replay mark arriving. */
    void remoteReplayed(String memberId) {
        replayed(memberId);
    }

    /** Delivers the listener calls held back, in order, and stops holding. */
    synchronized void release() {
        holding = false;
        held.forEach(Runnable::run);
        held.clear();
    }

    private void deliver(Runnable call) {
        if (holding) {
            held.add(call);
        } else {
            call.run();
        }
    }

    synchronized int puts() {
        return puts;
    }
}
