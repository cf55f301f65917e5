package io.foundation.bench.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ends everything the harness started, also on Ctrl-C or a crash: a JVM shutdown hook
 * kills every live process the harness launched (descendants first, SIGKILL also ends
 * stopped ones) and then runs the registered clean-ups (removing the test network).
 */
final class Reaper {

    private final Set<ProcessHandle> processes = ConcurrentHashMap.newKeySet();
    private final List<Runnable> cleanups = new ArrayList<>();

    Reaper() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::reapAll, "reaper"));
    }

    void track(ProcessHandle p) {
        processes.add(p);
    }

    synchronized void onExit(Runnable cleanup) {
        cleanups.add(cleanup);
    }

    /** Kills a process and its descendants and waits (bounded) until they are gone. */
    static void kill(ProcessHandle p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("reaper: process " + h.pid() + " did not end within 10 s: " + e);
            }
        }
    }

    void release(ProcessHandle p) {
        processes.remove(p);
    }

    void reapAll() {
        for (ProcessHandle p : List.copyOf(processes)) {
            if (p.isAlive()) {
                kill(p);
            }
            processes.remove(p);
        }
        List<Runnable> todo;
        synchronized (this) {
            todo = List.copyOf(cleanups);
            cleanups.clear();
        }
        for (Runnable r : todo) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("reaper: clean-up failed: " + e);
            }
        }
    }
}
