package io.foundation.core.internal.registry;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.RegistryEvent;
import io.foundation.api.registry.RegistryListener;

/**
 * One {@link io.foundation.api.registry.ServiceRegistry#watch}: turns changes of the entries the node reads into
 * the listener's ADDED, UPDATED and REMOVED events, on its own thread so that its calls never overlap and keep
 * the order of the changes.
 */
final class Watch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watch.class);

    private final Matcher matcher;
    private final RegistryListener listener;
    private final Consumer<Watch> onClose;
    private final ExecutorService serial;
    /** The entries the listener was last told match; touched only on {@link #serial}. */
    private final Map<String, Entry> matched = new HashMap<>();

    Watch(Matcher matcher, RegistryListener listener, Consumer<Watch> onClose) {
        this.matcher = matcher;
        this.listener = listener;
        this.onClose = onClose;
        this.serial = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "foundation-registry-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** One entry changed; {@code after} is null if it went. */
    void changed(String entryId, Entry after) {
        run(() -> apply(entryId, after));
    }

    /** The node now reads {@code entries}: reports every difference from what the listener was told. */
    void reset(Collection<Entry> entries) {
        run(() -> {
            Set<String> present = new HashSet<>();
            for (Entry entry : entries) {
                present.add(entry.id());
                apply(entry.id(), entry);
            }
            for (String gone : Set.copyOf(matched.keySet())) {
                if (!present.contains(gone)) {
                    apply(gone, null);
                }
            }
        });
    }

    @Override
    public void close() {
        serial.shutdownNow();
        onClose.accept(this);
    }

    private void run(Runnable task) {
        try {
            serial.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.trace("registry watch closed; change not reported");
        }
    }

    private void apply(String entryId, Entry after) {
        Entry before = matched.get(entryId);
        boolean matches = after != null && matcher.matches(after);
        if (matches) {
            matched.put(entryId, after);
            if (before == null) {
                tell(new RegistryEvent(RegistryEvent.Kind.ADDED, after));
            } else if (!before.equals(after)) {
                tell(new RegistryEvent(RegistryEvent.Kind.UPDATED, after));
            }
        } else if (before != null) {
            matched.remove(entryId);
            tell(new RegistryEvent(RegistryEvent.Kind.REMOVED, before));
        }
    }

    private void tell(RegistryEvent event) {
        try {
            listener.changed(event);
        } catch (RuntimeException e) {
            LOG.error("Registry watch listener {} failed on {} of {}", listener.getClass().getName(), event.kind(),
                    event.entry().id(), e);
        }
    }
}
