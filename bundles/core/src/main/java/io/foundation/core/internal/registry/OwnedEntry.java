package io.foundation.core.internal.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Handle;
import io.foundation.api.registry.Health;
import io.foundation.api.registry.HealthCheck;

/** A registration of this node, as its registrant holds it: every change is published to every store. */
final class OwnedEntry implements Handle {

    private static final Logger LOG = LoggerFactory.getLogger(OwnedEntry.class);

    private final Registry registry;
    private final Consumer<OwnedEntry> onClose;
    private volatile Entry entry;
    private boolean closed;
    private ScheduledFuture<?> schedule;
    /** The health check running now, if any; read and written on the scheduler only. */
    private Future<?> probing;

    OwnedEntry(Registry registry, Entry entry, Consumer<OwnedEntry> onClose) {
        this.registry = registry;
        this.entry = entry;
        this.onClose = onClose;
    }

    @Override
    public Entry entry() {
        return entry;
    }

    @Override
    public synchronized void health(Health health) {
        Objects.requireNonNull(health, "health");
        requireOpen();
        if (entry.health() != health) {
            entry = entry.withHealth(health);
            registry.publish(entry);
        }
    }

    @Override
    public synchronized void metadata(Map<String, String> metadata) {
        Registry.validateMetadata(metadata);
        requireOpen();
        entry = entry.withMetadata(metadata);
        registry.publish(entry);
    }

    @Override
    public synchronized void check(HealthCheck check, Duration interval) {
        Objects.requireNonNull(check, "check");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        requireOpen();
        if (schedule != null) {
            schedule.cancel(false);
        }
        long millis = Math.max(1, interval.toMillis());
        schedule = registry.scheduler().scheduleWithFixedDelay(() -> probe(check, millis), 0, millis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (schedule != null) {
                schedule.cancel(false);
            }
            registry.withdraw(entry.id());
        }
        onClose.accept(this);
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Runs {@code check} once; an answer later than the interval, an exception or no answer is CRITICAL. */
    private void probe(HealthCheck check, long intervalMillis) {
        if (probing != null && !probing.isDone()) {
            probing.cancel(true);
            report(Health.CRITICAL);
            return;
        }
        CompletableFuture<Health> answer = new CompletableFuture<>();
        probing = registry.probes().submit(() -> {
            try {
                Health health = check.check();
                answer.complete(health == null ? Health.CRITICAL : health);
            } catch (Exception | LinkageError e) {
                LOG.debug("Health check of {} failed: {}", entry.id(), e.toString());
                answer.complete(Health.CRITICAL);
            }
        });
        answer.completeOnTimeout(Health.CRITICAL, intervalMillis, TimeUnit.MILLISECONDS).thenAccept(this::report);
    }

    private void report(Health health) {
        synchronized (this) {
            if (closed || entry.health() == health) {
                return;
            }
        }
        try {
            health(health);
        } catch (IllegalStateException closedMeanwhile) {
            LOG.trace("entry {} closed while its health check ran", entry.id());
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("registration " + entry.id() + " (" + entry.name() + ") is closed");
        }
    }
}
