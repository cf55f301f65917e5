package io.foundation.core.internal.node;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.View;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.cluster.ViewListener;

/**
 * Delivers view changes to whiteboard {@link ViewListener}s: each listener has its own queue, so calls to one
 * listener never overlap and arrive in view order, and a slow listener holds up nobody else.
 */
final class ViewListeners {

    private static final Logger LOG = LoggerFactory.getLogger(ViewListeners.class);

    private final Map<ViewListener, ExecutorService> queues = new ConcurrentHashMap<>();
    private View current;

    /** Registers {@code listener} and sends it the current view, if there is one. */
    synchronized void add(ViewListener listener) {
        ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "foundation-view-listener-" + listener.getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        });
        queues.put(listener, queue);
        if (current != null) {
            deliver(listener, queue, new ViewChange(Optional.empty(), current, false));
        }
    }

    void remove(ViewListener listener) {
        ExecutorService queue = queues.remove(listener);
        if (queue != null) {
            queue.shutdown();
        }
    }

    /** Sends {@code change} to every listener and remembers its view for listeners that register later. */
    synchronized void publish(ViewChange change) {
        current = change.current();
        queues.forEach((listener, queue) -> deliver(listener, queue, change));
    }

    void close() {
        queues.values().forEach(ExecutorService::shutdownNow);
        queues.clear();
    }

    private static void deliver(ViewListener listener, ExecutorService queue, ViewChange change) {
        try {
            queue.execute(() -> notify(listener, change));
        } catch (RejectedExecutionException e) {
            LOG.debug("View listener {} left while view {} was delivered", listener, change.current().id());
        }
    }

    private static void notify(ViewListener listener, ViewChange change) {
        try {
            listener.viewChanged(change);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("View listener {} failed on view {}", listener.getClass().getName(), change.current().id(), e);
        }
    }
}
