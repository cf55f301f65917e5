package io.foundation.itests.osgi;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.foundation.api.cluster.Discovery;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.StrategyStatus;
import io.foundation.api.cluster.View;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.cluster.ViewListener;

/** The node under test as seen from inside the framework (the Pax Exam probe): its services and configuration. */
final class RunningNode {

    private final BundleContext context;
    private final Map<Class<?>, ServiceTracker<?, ?>> trackers = new ConcurrentHashMap<>();

    private RunningNode(BundleContext context) {
        this.context = context;
    }

    /** The node in the framework that runs {@code test}. */
    static RunningNode of(Object test) {
        Bundle probe = FrameworkUtil.getBundle(test.getClass());
        assertNotNull("the test does not run inside an OSGi framework", probe);
        return new RunningNode(probe.getBundleContext());
    }

    BundleContext context() {
        return context;
    }

    /** A framework property set by {@link NodeOptions}. */
    String property(String key) {
        String value = context.getProperty(key);
        assertNotNull("framework property " + key + " is not set", value);
        return value;
    }

    /** The service of type {@code type}, waiting for it up to the deadline. */
    <T> T service(Class<T> type) {
        // Left open: closing would unget the service, and some (ConfigAdmin) are per-bundle objects that die with
        // it. The framework, and with it every tracker, ends with the test class.
        ServiceTracker<?, ?> tracker = trackers.computeIfAbsent(type, t -> {
            ServiceTracker<?, ?> opened = new ServiceTracker<>(context, t.getName(), null);
            opened.open();
            return opened;
        });
        try {
            Object service = tracker.waitForService(Await.DEADLINE.toMillis());
            if (service == null) {
                fail("no " + type.getName() + " service within " + Await.DEADLINE.toSeconds() + "s");
            }
            return type.cast(service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Membership membership() {
        return service(Membership.class);
    }

    Discovery discovery() {
        return service(Discovery.class);
    }

    /** Registers a {@link ViewListener} service that records what it receives; close it when done. */
    ViewRecorder recordViews() {
        return new ViewRecorder(context);
    }

    /** Waits until the node has installed its first view: it is ready. Returns that view. */
    View awaitReady() {
        try (ViewRecorder views = recordViews()) {
            return views.next("the node's first view").current();
        }
    }

    /**
     * Replaces the node's configuration ({@value NodeOptions#PID}) with {@code values} through ConfigAdmin, as a
     * management tool would: keys not given are no longer configured. The configuration leaves its
     * {@code etc/} file behind (no {@code felix.fileinstall.filename}), so nothing FileInstall does with that file
     * on its own thread can interleave with the changes under test.
     */
    void configure(Map<String, String> values) {
        try {
            service(ConfigurationAdmin.class).getConfiguration(NodeOptions.PID, "?")
                    .update(new Hashtable<>(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node's log file, where the distribution's logback.xml writes it (forked containers only). */
    List<String> log() {
        Path file = Path.of(property("foundation.data"), "log", "foundation.log");
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node's log lines from line {@code first} (0-based) on. */
    List<String> logSince(int first) {
        List<String> lines = log();
        return lines.subList(Math.min(first, lines.size()), lines.size());
    }

    /** What discovery knows about strategy {@code name}. */
    Optional<StrategyStatus> strategy(String name) {
        return discovery().strategies().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The bundle with {@code symbolicName}; fails if none or several are installed. */
    Bundle bundle(String symbolicName) {
        List<Bundle> matches = Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName())).toList();
        assertTrue("expected one bundle " + symbolicName + ", found " + matches.size(), matches.size() == 1);
        return matches.get(0);
    }

    /** A {@link ViewListener} service that queues every change it receives. */
    static final class ViewRecorder implements AutoCloseable {

        private final BlockingQueue<ViewChange> changes = new LinkedBlockingQueue<>();
        private final ServiceRegistration<ViewListener> registration;

        private ViewRecorder(BundleContext context) {
            ViewListener listener = changes::add;
            registration = context.registerService(ViewListener.class, listener, null);
        }

        /** The next change received, waiting up to the deadline. */
        ViewChange next(String what) {
            try {
                ViewChange change = changes.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                if (change == null) {
                    fail(what + " was not delivered to a ViewListener within " + Await.DEADLINE.toSeconds() + "s");
                }
                return change;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The next change that satisfies {@code wanted}, skipping others; fails if none arrives in time. */
        ViewChange nextMatching(String what, Predicate<ViewChange> wanted) {
            long until = System.nanoTime() + Await.DEADLINE.toNanos();
            try {
                while (true) {
                    long left = until - System.nanoTime();
                    ViewChange change = left > 0 ? changes.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (change == null) {
                        fail(what + " was not delivered to a ViewListener within " + Await.DEADLINE.toSeconds() + "s");
                    }
                    if (wanted.test(change)) {
                        return change;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            registration.unregister();
        }
    }
}
