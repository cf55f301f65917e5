package io.foundation.itests.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.foundation.api.registry.Handle;
import io.foundation.api.registry.Query;
import io.foundation.api.registry.RegistryEvent;
import io.foundation.api.registry.Registration;
import io.foundation.api.registry.ServiceRegistry;

/**
 * A steady stream of registrations for the chaos checker: {@value #FIRST} entries at start, then one a second up
 * to {@value #LIMIT} in all, with every {@value #CLOSE_EVERY}th tick closing a random older one. Each is journaled
 * once {@code register} returned or the handle closed, so a journaled registration is an acknowledged one. The
 * registry watch this node keeps is journaled too ({@code seen}/{@code gone}), which tells the checker when every
 * node sees an entry without asking the nodes.
 */
@Component(immediate = true, service = {})
public class Registrar {

    static final String NAME = "chaos.entry";
    static final int FIRST = 5;
    static final int LIMIT = 200;
    static final int CLOSE_EVERY = 7;

    private final ServiceRegistry registry;
    private final Journal journal;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "chaos-registrar"));
    private final List<Handle> open = new ArrayList<>();
    private final AutoCloseable watch;
    private int registered;
    private int tick;

    @Activate
    public Registrar(@Reference ServiceRegistry registry, @Reference Journal journal) {
        this.registry = registry;
        this.journal = journal;
        watch = registry.watch(Query.named(NAME), this::journal);
        ticks.execute(() -> {
            for (int i = 0; i < FIRST; i++) {
                register();
            }
        });
        ticks.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws Exception {
        ticks.shutdownNow();
        ticks.awaitTermination(5, TimeUnit.SECONDS);
        watch.close();
        for (Handle handle : open) {
            unregister(handle);
        }
    }

    private void tick() {
        tick++;
        try {
            if (tick % CLOSE_EVERY == 0 && open.size() > 1) {
                unregister(open.remove(ThreadLocalRandom.current().nextInt(open.size() - 1)));
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; the journal says what went wrong instead.
            journal.write("refused", e.getClass().getSimpleName(), journal.node());
        }
        if (registered < LIMIT) {
            register();
        }
    }

    private void register() {
        registered++;
        try {
            Handle handle = registry.register(Registration.of(NAME)
                    .withMetadata(Map.of("seq", Integer.toString(registered), "node", journal.node())));
            open.add(handle);
            journal.write("registered", handle.entry().id(), handle.entry().ownerName());
        } catch (RuntimeException e) {
            journal.write("refused", e.getClass().getSimpleName(), journal.node());
        }
    }

    private void unregister(Handle handle) {
        String id = handle.entry().id();
        handle.close();
        journal.write("unregistered", id, journal.node());
    }

    private void journal(RegistryEvent event) {
        switch (event.kind()) {
            case ADDED -> journal.write("seen", event.entry().id(), journal.node());
            case REMOVED -> journal.write("gone", event.entry().id(), journal.node());
            case UPDATED -> {
                // Health and metadata never change here; only presence matters to the checker.
            }
        }
    }
}
