package io.foundation.core.internal.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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
    /** The health check in force; answers of one it replaced are dropped. */
    private Probe current;

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
        stopChecking();
        current = new Probe(check, Math.max(1, interval.toMillis()));
        schedule = registry.scheduler().scheduleWithFixedDelay(current, 0, current.intervalMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Stops the check in force, if any, and interrupts a run of it that is still going. */
    private void stopChecking() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        Probe replaced = current;
        if (replaced != null) {
            current = null;
            try {
                registry.scheduler().execute(replaced::cancel);
            } catch (RejectedExecutionException registryStopped) {
                LOG.trace("registry stopped; its health checks were stopped with it");
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopChecking();
            registry.withdraw(entry.id());
        }
        onClose.accept(this);
    }

    synchronized boolean closed() {
        return closed;
    }

    /** One health check at its interval; runs on the registry's scheduler only. */
    private final class Probe implements Runnable {

        private final HealthCheck check;
        private final long intervalMillis;
        private Future<?> running;

        Probe(HealthCheck check, long intervalMillis) {
            this.check = check;
            this.intervalMillis = intervalMillis;
        }

        /** Runs the check once; an answer later than the interval, an exception or no answer is CRITICAL. */
        @Override
        public void run() {
            if (running != null && !running.isDone()) {
                running.cancel(true);
                report(this, Health.CRITICAL);
                return;
            }
            CompletableFuture<Health> answer = new CompletableFuture<>();
            running = registry.probes().submit(() -> {
                try {
                    Health health = check.check();
                    answer.complete(health == null ? Health.CRITICAL : health);
                } catch (Exception | LinkageError e) {
                    LOG.debug("Health check of {} failed: {}", entry.id(), e.toString());
                    answer.complete(Health.CRITICAL);
                }
            });
            answer.completeOnTimeout(Health.CRITICAL, intervalMillis, TimeUnit.MILLISECONDS)
                    .thenAccept(health -> report(this, health));
        }

        void cancel() {
            if (running != null) {
                running.cancel(true);
            }
        }
    }

    private void report(Probe from, Health health) {
        synchronized (this) {
            if (closed || from != current || entry.health() == health) {
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
