package io.foundation.core.internal.services;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.View;
import io.foundation.api.services.Distributed;
import io.foundation.api.services.DistributedServices;
import io.foundation.api.services.Handoff;
import io.foundation.api.services.ServiceState;
import io.foundation.api.services.ServiceState.State;
import io.foundation.core.internal.lease.LeaseHolder;
import io.foundation.core.internal.lease.Leases;
import io.foundation.core.internal.splitbrain.Sides;

/**
 * What this node runs of the declared distributed services, and the life of each instance: creates an instance's
 * configuration where {@link Placement} and the split-brain guard say it runs, hands it off and deletes it when it
 * must stop, retries a failed activation on this node with exponential backoff, and holds a strict singleton's
 * lease while it runs. Every event is handled on one thread ({@code loop}), so the state needs no locks;
 * {@link #services()} reads an immutable snapshot.
 */
final class Ownership {

    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);
    private static final int HISTORY = 10;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** How often component configurations are checked for a finished or failed activation. */
    static final Duration POLL = Duration.ofMillis(250);

    private final String localId;
    private final Configurations configurations;
    private final Sides sides;
    private final Supplier<Optional<Leases>> leases;
    private final BiFunction<String, String, List<Handoff>> handoffs;
    private final Peers peers;
    private final ScheduledExecutorService loop;
    private final ExecutorService handoffPool;
    private final Duration backoffBase;
    private final Duration backoffMax;

    private final Map<String, Declaration> declarations = new TreeMap<>();
    private final Map<Slot, Instance> instances = new LinkedHashMap<>();
    private final Map<Slot, Set<String>> askers = new HashMap<>();
    private final Map<String, String> problems = new HashMap<>();
    private View view;
    private View previous;
    private Declared declared = Declared.NONE;
    /** The announcements {@link #previous} was placed with. */
    private Declared previousDeclared = Declared.NONE;
    private boolean stopping;

    private volatile List<ServiceState> snapshot = List.of();
    private volatile Map<String, Declaration> published = Map.of();
    private volatile View publishedView;
    private volatile Declared publishedDeclared = Declared.NONE;

    Ownership(String localId, Configurations configurations, Sides sides, Supplier<Optional<Leases>> leases,
              BiFunction<String, String, List<Handoff>> handoffs, Peers peers, ScheduledExecutorService loop,
              ExecutorService handoffPool, Duration backoffBase, Duration backoffMax) {
        this.localId = localId;
        this.configurations = configurations;
        this.sides = sides;
        this.leases = leases;
        this.handoffs = handoffs;
        this.peers = peers;
        this.loop = loop;
        this.handoffPool = handoffPool;
        this.backoffBase = backoffBase;
        this.backoffMax = backoffMax;
        loop.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The declarations found on the node now (valid or not); instances of vanished ones stop. */
    void declarations(Collection<Declaration> found) {
        post(() -> {
            Map<String, Declaration> next = new TreeMap<>();
            found.forEach(d -> next.put(d.name(), d));
            List<Declaration> changed = new ArrayList<>();
            for (Declaration d : next.values()) {
                Declaration before = declarations.get(d.name());
                if (before != null && before.sameAs(d)) {
                    continue;
                }
                if (!d.valid()) {
                    LOG.error("{}", d.problem().orElseThrow());
                }
                if (before != null) {
                    changed.add(d);
                }
            }
            for (Instance in : List.copyOf(instances.values())) {
                if (changed.stream().anyMatch(d -> d.name().equals(in.slot.service))) {
                    stop(in, "its declaration changed", null, () -> { });
                }
            }
            declarations.clear();
            declarations.putAll(next);
            recompute();
        });
    }

    void view(View current) {
        post(() -> {
            previous = view;
            previousDeclared = declared;
            view = current;
            declared = declared.retain(current);
            recompute();
        });
    }

    /**
     * Member {@code from} announced the distributed services it declares. A change that can move an instance is
     * handled like a view change: the placement before it is the previous one, so a new owner waits for the
     * previous owner's handoff.
     */
    void announced(String from, Set<String> services) {
        post(() -> {
            Declared next = declared.with(from, services);
            if (next.equals(declared)) {
                return;
            }
            if (view == null || view.member(from).isEmpty()) {
                declared = next;
                return;
            }
            previous = view;
            previousDeclared = declared;
            declared = next;
            recompute();
        });
    }

    /** The announcements placement currently uses. */
    Declared declared() {
        return publishedDeclared;
    }

    /** The split-brain verdict or the lease service may have changed. */
    void reconsider() {
        post(this::recompute);
    }

    /** The lease service went away: strict singletons can no longer prove they hold their lease. */
    void leasesGone() {
        post(() -> {
            for (Instance in : List.copyOf(instances.values())) {
                if (in.claim != null) {
                    lost(in.claim, "the lease service stopped");
                    in.claim = null;
                    in.fence = 0;
                }
            }
            recompute();
        });
    }

    /** Member {@code from} waits for this node to stop running {@code service}/{@code key}. */
    void asked(String from, String service, String key) {
        post(() -> {
            Slot slot = new Slot(service, key);
            Instance in = instances.get(slot);
            if (in == null || in.pid == null && in.state != State.HANDING_OFF) {
                peers.released(from, service, key);
            } else {
                askers.computeIfAbsent(slot, s -> new HashSet<>()).add(from);
            }
        });
    }

    /** Member {@code from} no longer runs {@code service}/{@code key}. */
    void released(String from, String service, String key) {
        post(() -> {
            Instance in = instances.get(new Slot(service, key));
            if (in != null && in.state == State.WAITING && from.equals(in.awaiting)) {
                proceed(in, "released by its previous owner");
            }
        });
    }

    /**
     * Hands off and deletes every instance on this node, for a graceful stop; returns when all are stopped or
     * {@code within} has passed.
     */
    void stopAll(Duration within) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            stopping = true;
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (Instance in : List.copyOf(instances.values())) {
                CompletableFuture<Void> stopped = new CompletableFuture<>();
                all.add(stopped);
                stop(in, "the node is stopping", null, () -> stopped.complete(null));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> done.complete(null));
        });
        try {
            done.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Distributed services did not all stop within {} ms", within.toMillis());
        }
    }

    /** The longest handoff any declaration allows. */
    long declaredHandoffMs() {
        return published.values().stream().mapToLong(Declaration::handoffMs).max().orElse(0);
    }

    List<ServiceState> services() {
        return snapshot;
    }

    /** The owner of {@code name}/{@code key} in the current view, computed from the published declarations. */
    Optional<Member> owner(String name, String key) {
        Declaration d = published.get(name);
        View v = publishedView;
        if (d == null || !d.valid() || v == null) {
            return Optional.empty();
        }
        List<Member> eligible = Placement.eligible(v, d.name(), d.roles(), publishedDeclared);
        return switch (d.mode().orElseThrow()) {
            case SINGLETON -> Placement.singleton(eligible);
            case REPLICATED -> eligible.stream().filter(m -> m.name().equals(key)).findFirst();
            case PARTITIONED -> Placement.owner(key == null ? "" : key, eligible);
        };
    }

    Set<String> ownedKeys(String name) {
        Declaration d = published.get(name);
        View v = publishedView;
        if (d == null || !d.valid() || v == null || d.mode().orElseThrow() != Distributed.Mode.PARTITIONED) {
            return Set.of();
        }
        return Placement.place(d.name(), Distributed.Mode.PARTITIONED, d.roles(), d.keys(), v, publishedDeclared)
                .entrySet().stream()
                .filter(e -> e.getValue().id().equals(localId)).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    // ---- decisions, all on the loop thread ----

    private void recompute() {
        problems.clear();
        if (view != null && !stopping) {
            Set<Slot> wanted = new HashSet<>();
            for (Declaration d : declarations.values()) {
                if (d.valid()) {
                    place(d, wanted);
                }
            }
            for (Instance in : List.copyOf(instances.values())) {
                Declaration d = declarations.get(in.slot.service);
                if (d == null || !d.valid()) {
                    stop(in, "its declaration is gone", null, () -> { });
                } else if (!wanted.contains(in.slot)) {
                    Member next = placement(d, view, declared).get(in.key());
                    stop(in, next == null ? "no eligible member" : "moved to " + next.name(), null, () -> { });
                }
            }
        }
        publish();
    }

    /** Starts or keeps the instances of {@code d} this node owns; adds their slots to {@code wanted}. */
    private void place(Declaration d, Set<Slot> wanted) {
        Distributed.Mode mode = d.mode().orElseThrow();
        boolean keeps = true;
        if (mode != Distributed.Mode.REPLICATED) {
            try {
                keeps = sides.keeps(view, d.policy());
                if (!keeps) {
                    problems.put(d.name(), "this side of the cluster does not keep running it (split-brain policy "
                            + policy(d) + ")");
                }
            } catch (RuntimeException e) {
                keeps = false;
                problems.put(d.name(), "the split-brain guard refused policy '" + policy(d) + "': " + e.getMessage());
            }
        }
        if (d.strict()) {
            Optional<Leases> l = leases.get();
            if (l.isEmpty()) {
                problems.merge(d.name(), "consensus not available: no lease service on this node (strict singletons "
                        + "need the consensus members configured)", (a, b) -> a + "; " + b);
            } else {
                l.get().problem().ifPresent(p -> problems.merge(d.name(), "consensus not available: " + p,
                        (a, b) -> a + "; " + b));
            }
        }
        for (Map.Entry<String, Member> e : placement(d, view, declared).entrySet()) {
            if (!e.getValue().id().equals(localId)) {
                continue;
            }
            Slot slot = new Slot(d.name(), mode == Distributed.Mode.REPLICATED ? "" : e.getKey());
            wanted.add(slot);
            Instance in = instances.get(slot);
            if (!keeps) {
                if (in != null && in.state != State.STOPPED_BY_POLICY && in.state != State.HANDING_OFF) {
                    stop(in, "the split-brain policy " + policy(d) + " stops it on this side", State.STOPPED_BY_POLICY,
                            () -> { });
                } else if (in == null) {
                    in = new Instance(slot, e.getKey());
                    instances.put(slot, in);
                    in.to(State.STOPPED_BY_POLICY, "not started: the split-brain policy " + policy(d)
                            + " stops it on this side");
                }
                continue;
            }
            if (in == null) {
                in = new Instance(slot, e.getKey());
                instances.put(slot, in);
                begin(d, in);
            } else if (in.state == State.STOPPED_BY_POLICY) {
                in.to(State.WAITING, "this side keeps running it again");
                begin(d, in);
            } else if (in.state == State.WAITING && in.awaiting != null && view.member(in.awaiting).isEmpty()) {
                proceed(in, "its previous owner left the view");
            } else if (d.strict() && in.claim == null) {
                claim(d, in);
            }
        }
    }

    /** A new or resumed instance: waits for the previous owner if it is still running it, else starts. */
    private void begin(Declaration d, Instance in) {
        Optional<Member> before = d.strict() ? Optional.empty() : previousOwner(d, in.placementKey);
        if (before.isPresent()) {
            in.awaiting = before.get().id();
            in.to(State.WAITING, "waiting for " + before.get().name() + " to hand it off");
            peers.ask(before.get().id(), in.slot.service, in.slot.key);
            in.timer = loop.schedule(() -> {
                if (in.state == State.WAITING && in.awaiting != null && instances.get(in.slot) == in) {
                    proceed(in, "its previous owner did not answer within " + (d.handoffMs() + 1000) + " ms");
                }
            }, d.handoffMs() + 1000, TimeUnit.MILLISECONDS);
            return;
        }
        proceed(in, null);
    }

    /** The member that ran this key before the current view, if it is another member still in the view. */
    private Optional<Member> previousOwner(Declaration d, String placementKey) {
        View before = previous;
        if (before == null) {
            List<Member> others = view.members().stream().filter(m -> !m.id().equals(localId)).toList();
            if (others.isEmpty()) {
                return Optional.empty();
            }
            List<Member> ranked = new ArrayList<>();
            for (Member m : others) {
                ranked.add(m.withJoinOrder(ranked.size()));
            }
            before = new View(view.id(), ranked);
        }
        Member owner = placement(d, before, previousDeclared).get(placementKey);
        if (owner == null || owner.id().equals(localId) || view.member(owner.id()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(owner);
    }

    private void proceed(Instance in, String why) {
        Declaration d = declarations.get(in.slot.service);
        cancelTimer(in);
        in.awaiting = null;
        if (d == null) {
            return;
        }
        if (d.strict()) {
            if (why != null) {
                in.note(why);
            }
            claim(d, in);
            return;
        }
        create(d, in, why);
    }

    private void claim(Declaration d, Instance in) {
        Optional<Leases> l = leases.get();
        if (l.isEmpty()) {
            in.to(State.WAITING, "consensus not available: no lease service on this node");
            return;
        }
        Claim claim = new Claim(in.slot);
        in.claim = claim;
        in.to(State.WAITING, "claiming the lease");
        try {
            l.get().claim(d.name(), claim);
        } catch (RuntimeException e) {
            in.claim = null;
            in.to(State.WAITING, "the lease could not be claimed: " + e.getMessage());
        }
    }

    private void granted(Claim claim, long fence) {
        Instance in = instances.get(claim.slot);
        Declaration d = declarations.get(claim.slot.service);
        if (in == null || in.claim != claim || d == null || in.pid != null || in.state == State.HANDING_OFF
                || in.state == State.FAILED) {
            return;
        }
        in.fence = fence;
        create(d, in, "lease granted, fence " + fence);
    }

    private void lost(Claim claim, String reason) {
        Instance in = instances.get(claim.slot);
        if (in == null || in.claim != claim) {
            return;
        }
        // A lost lease allows no handoff: another member may be granted it as soon as it expires.
        deleteConfiguration(in);
        cancelTimer(in);
        if (in.state != State.HANDING_OFF) {
            in.to(State.WAITING, "lease lost: " + reason);
            LOG.info("Distributed service {} stopped on {}: lease lost ({})", in.label(), localName(), reason);
        }
    }

    private void create(Declaration d, Instance in, String why) {
        Map<String, Object> properties = new LinkedHashMap<>(d.properties());
        properties.put(DistributedServices.SERVICE, d.name());
        properties.put(DistributedServices.OWNER, localName());
        if (d.mode().orElseThrow() == Distributed.Mode.PARTITIONED) {
            properties.put(DistributedServices.KEY, in.slot.key);
        } else {
            properties.remove(DistributedServices.KEY);
        }
        if (d.strict()) {
            properties.put(DistributedServices.FENCE, in.fence);
        }
        in.attempts++;
        try {
            in.pid = configurations.create(d.pid(), configurationName(d, in.slot.key), properties);
            in.to(State.STARTING, (why == null ? "" : why + "; ") + "configuration created (attempt " + in.attempts
                    + ")");
        } catch (Exception e) {
            fail(d, in, "its configuration could not be created: " + e.getMessage());
        }
    }

    private void poll() {
        for (Instance in : List.copyOf(instances.values())) {
            Declaration d = declarations.get(in.slot.service);
            if (d == null || in.pid == null || (in.state != State.STARTING && in.state != State.RUNNING)) {
                continue;
            }
            Configurations.Activation a;
            try {
                a = configurations.activation(d, in.pid);
            } catch (RuntimeException e) {
                continue;
            }
            if (a.kind() == Configurations.Activation.Kind.ACTIVE && in.state == State.STARTING) {
                in.to(State.RUNNING, "active");
                LOG.info("Distributed service {} started on {} (attempt {}{})", in.label(), localName(), in.attempts,
                        d.strict() ? ", fence " + in.fence : "");
                publish();
            } else if (a.kind() == Configurations.Activation.Kind.FAILED) {
                fail(d, in, a.failure().orElse("activation failed"));
                publish();
            }
        }
    }

    /** A failed activation: the configuration goes, and comes back on this node after a backoff. */
    private void fail(Declaration d, Instance in, String error) {
        deleteConfiguration(in);
        in.lastError = error;
        long delay = backoff(in.attempts);
        in.to(State.FAILED, "attempt " + in.attempts + " failed: " + error + "; retry in " + delay + " ms");
        LOG.warn("Distributed service {} failed to activate on {} (attempt {}): {}; retrying on this node in {} ms",
                in.label(), localName(), in.attempts, error, delay);
        in.timer = loop.schedule(() -> {
            if (instances.get(in.slot) == in && in.state == State.FAILED) {
                in.timer = null;
                if (d.strict()) {
                    if (in.claim != null && in.fence != 0) {
                        create(d, in, "retry");
                    } else {
                        claim(d, in);
                    }
                } else {
                    create(d, in, "retry");
                }
                publish();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    long backoff(int attempts) {
        long base = backoffBase.toMillis();
        int shift = Math.min(Math.max(attempts - 1, 0), 20);
        return Math.min(backoffMax.toMillis(), base << shift);
    }

    /**
     * Stops {@code in}: hands it off if it runs, deletes its configuration, releases its lease and tells whoever
     * waits for it; then either forgets it ({@code after} null) or keeps it in state {@code after}.
     */
    private void stop(Instance in, String reason, State after, Runnable done) {
        cancelTimer(in);
        in.awaiting = null;
        if (in.state == State.HANDING_OFF) {
            in.then.add(done);
            return;
        }
        Declaration d = declarations.get(in.slot.service);
        if (in.pid == null || d == null) {
            if (in.pid != null) {
                deleteConfiguration(in);
                LOG.info("Distributed service {} stopped on {}: {}", in.label(), localName(), reason);
            }
            finish(in, reason, after);
            done.run();
            return;
        }
        in.to(State.HANDING_OFF, reason);
        in.then.add(done);
        List<Handoff> targets = handoffs.apply(d.name(),
                d.mode().orElseThrow() == Distributed.Mode.PARTITIONED ? in.slot.key : null);
        Completion complete = new Completion() {
            @Override
            void once() {
                cancelTimer(in);
                deleteConfiguration(in);
                LOG.info("Distributed service {} stopped on {}: {}", in.label(), localName(), reason);
                finish(in, reason, after);
                List<Runnable> waiting = List.copyOf(in.then);
                in.then.clear();
                waiting.forEach(Runnable::run);
                post(Ownership.this::recompute);
            }
        };
        if (targets.isEmpty() || d.handoffMs() == 0) {
            complete.run();
            return;
        }
        Instant deadline = Instant.now().plusMillis(d.handoffMs());
        String key = d.mode().orElseThrow() == Distributed.Mode.PARTITIONED ? in.slot.key : "";
        Future<?> call;
        try {
            call = handoffPool.submit(() -> {
                for (Handoff h : targets) {
                    try {
                        h.handoff(key, deadline);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception | LinkageError e) {
                        LOG.warn("Handoff of {} failed: {}", in.label(), e.toString());
                    }
                }
                post(complete);
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Handoff of {} skipped: too many handoffs at once", in.label());
            complete.run();
            return;
        }
        in.timer = loop.schedule(() -> {
            call.cancel(true);
            if (!complete.ran) {
                LOG.warn("Handoff of {} did not finish within {} ms; stopping it anyway", in.label(), d.handoffMs());
            }
            complete.run();
        }, d.handoffMs(), TimeUnit.MILLISECONDS);
    }

    private void finish(Instance in, String reason, State after) {
        Leases l = leases.get().orElse(null);
        if (in.claim != null) {
            in.claim = null;
            in.fence = 0;
            if (l != null) {
                try {
                    l.release(in.slot.service);
                } catch (RuntimeException e) {
                    LOG.warn("Releasing the lease of {} failed: {}", in.label(), e.toString());
                }
            }
        }
        Set<String> waiting = askers.remove(in.slot);
        if (waiting != null) {
            waiting.forEach(member -> peers.released(member, in.slot.service, in.slot.key));
        }
        if (after == null) {
            instances.remove(in.slot);
        } else {
            in.to(after, reason);
        }
    }

    private void deleteConfiguration(Instance in) {
        if (in.pid == null) {
            return;
        }
        try {
            configurations.delete(in.pid);
        } catch (Exception e) {
            LOG.error("Could not delete configuration {} of {}: {}", in.pid, in.label(), e.toString());
        }
        in.pid = null;
    }

    private void cancelTimer(Instance in) {
        if (in.timer != null) {
            in.timer.cancel(false);
            in.timer = null;
        }
    }

    private void publish() {
        Map<String, Declaration> decls = Map.copyOf(declarations);
        List<ServiceState> states = new ArrayList<>();
        for (Declaration d : declarations.values()) {
            Map<String, String> placement = new TreeMap<>();
            if (d.valid() && view != null) {
                placement(d, view, declared).forEach((k, m) -> placement.put(k, m.name()));
            }
            Map<String, ServiceState.Instance> local = new TreeMap<>();
            instances.values().stream().filter(in -> in.slot.service.equals(d.name()))
                    .forEach(in -> local.put(in.key(), in.state()));
            Optional<String> problem = d.problem().or(() -> Optional.ofNullable(problems.get(d.name())));
            states.add(new ServiceState(d.name(), d.mode(), d.guarantee(), policy(d), placement, local, problem));
        }
        published = decls;
        publishedView = view;
        publishedDeclared = declared;
        snapshot = List.copyOf(states);
    }

    private Map<String, Member> placement(Declaration d, View v, Declared announced) {
        return Placement.place(d.name(), d.mode().orElseThrow(), d.roles(), d.keys(), v, announced);
    }

    private String policy(Declaration d) {
        if (!d.policy().isBlank()) {
            return d.policy();
        }
        try {
            return sides.clusterPolicy();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private String localName() {
        return view == null ? localId : view.member(localId).map(Member::name).orElse(localId);
    }

    /** The factory configuration name: {@code foundation}, or the key made safe for a PID. */
    static String configurationName(Declaration d, String key) {
        if (d.mode().orElseThrow() != Distributed.Mode.PARTITIONED) {
            return "foundation";
        }
        String safe = key.replaceAll("[^A-Za-z0-9_.]", "_");
        return safe.equals(key) ? safe : safe + "_" + Long.toHexString(Placement.score(key, ""));
    }

    private void post(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Distributed services: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Distributed services are stopped; dropped an event");
        }
    }

    /** Something that happens once, however many paths lead to it (a handoff returning, its deadline). */
    private abstract static class Completion implements Runnable {
        boolean ran;

        @Override
        public final void run() {
            if (!ran) {
                ran = true;
                once();
            }
        }

        abstract void once();
    }

    /** One instance slot: a service and its key ({@code ""} for singletons and replicated services). */
    record Slot(String service, String key) {
    }

    /** The lease holder of one claim; callbacks of a replaced claim are ignored. */
    private final class Claim implements LeaseHolder {
        final Slot slot;

        Claim(Slot slot) {
            this.slot = slot;
        }

        @Override
        public void granted(long fence) {
            post(() -> {
                Ownership.this.granted(this, fence);
                publish();
            });
        }

        @Override
        public void lost(String reason) {
            post(() -> {
                Ownership.this.lost(this, reason);
                publish();
            });
        }
    }

    /** One instance on this node. */
    private final class Instance {
        final Slot slot;
        /** The key in the service's placement: the member name for a replicated service. */
        final String placementKey;
        final Deque<String> history = new ArrayDeque<>();
        final List<Runnable> then = new ArrayList<>();
        State state = State.WAITING;
        int attempts;
        String lastError;
        String pid;
        long fence;
        Claim claim;
        String awaiting;
        java.util.concurrent.ScheduledFuture<?> timer;

        Instance(Slot slot, String placementKey) {
            this.slot = slot;
            this.placementKey = placementKey;
        }

        String key() {
            return placementKey;
        }

        String label() {
            return slot.key.isEmpty() ? slot.service : slot.service + "[" + slot.key + "]";
        }

        void to(State next, String why) {
            state = next;
            note(next + ": " + why);
        }

        void note(String text) {
            history.addLast(LocalTime.now(ZoneId.systemDefault()).format(CLOCK) + " " + text);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }

        ServiceState.Instance state() {
            return new ServiceState.Instance(state, attempts, Optional.ofNullable(lastError), List.copyOf(history));
        }
    }
}
