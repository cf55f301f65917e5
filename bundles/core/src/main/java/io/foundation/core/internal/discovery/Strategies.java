package io.foundation.core.internal.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Discovery;
import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StaleSeedsException;
import io.foundation.api.cluster.StrategySelection;
import io.foundation.api.cluster.StrategyStatus;
import io.foundation.core.internal.settings.NodeSettings;
import io.foundation.settings.Overrides;
import io.foundation.settings.SettingsReader;

/**
 * The node's side of the strategy SPI: tracks every registered {@link ClusterStrategy}, selects the ones the
 * {@code cluster} setting names, and runs discovery rounds over them with a deadline per strategy. A strategy that
 * throws, hangs or returns garbage is reported and skipped; the others still count.
 */
@Component(service = {Discovery.class, Strategies.class}, configurationPid = NodeSettings.PID, immediate = true)
public final class Strategies implements Discovery {

    private static final List<String> KEYS = List.of("cluster", "strategy.timeout");
    /** Time for the other components to read a configuration change before the new strategies are judged. */
    private static final Duration CONFIRMATION_DELAY = Duration.ofMillis(500);
    /**
     * How long the first round may wait for strategy bundles still starting and for first answers, when that is
     * longer than {@code strategy.timeout}: a cold client (Kubernetes, Consul) on a busy host can take seconds for
     * its first call, and starting alone costs a merge later.
     */
    static final Duration INITIAL_PATIENCE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Strategies.class);

    private final Object lock = new Object();
    private final Map<String, ClusterStrategy> bound = new HashMap<>();
    private final Map<String, StrategyRecord> records = new HashMap<>();
    private final ExecutorService calls;
    private final Overrides overrides;
    private final SelectionStore store;
    /** The system bundle, to tell a node that stops from a strategy bundle that goes; null in unit tests. */
    private Bundle framework;
    /** Counts configuration changes, so that only the latest one is confirmed. */
    private final AtomicInteger changes = new AtomicInteger();
    /** The {@code cluster} value in force; {@code auto} is expanded again whenever strategies come or go. */
    private volatile List<String> configured = List.of("auto");
    private volatile StrategySelection selection;
    private volatile Duration timeout;
    private volatile String rejected;

    @Activate
    public Strategies(BundleContext context, Map<String, Object> config, @Reference ConfigurationAdmin admin) {
        this(Overrides.of(context), config, new ConfigurationFile(admin));
        this.framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
    }

    Strategies(Overrides overrides, Map<String, Object> config, SelectionStore store) {
        this.overrides = overrides;
        this.store = store;
        AtomicInteger threads = new AtomicInteger();
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "foundation-strategy-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.selection = new StrategySelection(List.of(), List.of(), "not configured yet");
        this.timeout = Duration.ofSeconds(1);
        apply(config, true);
    }

    @Modified
    void modified(Map<String, Object> config) {
        apply(config, false);
    }

    @Deactivate
    void deactivate() {
        calls.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStrategy(ClusterStrategy strategy) {
        String name = nameOf(strategy);
        if (name == null) {
            return;
        }
        synchronized (lock) {
            ClusterStrategy previous = bound.putIfAbsent(name, strategy);
            if (previous != null) {
                LOG.warn("Two strategies are named '{}': using {}, ignoring {}", name, previous.getClass().getName(),
                        strategy.getClass().getName());
                return;
            }
            lock.notifyAll();
        }
        LOG.info("Strategy '{}' available{}", name, selection.active().contains(name) ? " and active" : "");
        reconsiderAuto();
    }

    void unbindStrategy(ClusterStrategy strategy) {
        String name = nameOf(strategy);
        boolean active;
        Runnable withdrawal = null;
        synchronized (lock) {
            if (name == null || bound.get(name) != strategy) {
                return;
            }
            bound.remove(name);
            StrategyRecord rec = records.get(name);
            if (rec != null && rec.advertisedSelf != null) {
                withdrawal = withdrawal(name, strategy, rec);
            }
            active = selection.active().contains(name);
        }
        if (withdrawal != null) {
            awaitWithdrawals(List.of(calls.submit(withdrawal)));
        }
        if (active && !shuttingDown() && FrameworkUtil.getBundle(strategy.getClass())
                != FrameworkUtil.getBundle(Strategies.class)) {
            List<String> remaining = selection.active().stream().filter(n -> !n.equals(name)).toList();
            LOG.warn("Active strategy '{}' was removed; discovery continues with {}", name,
                    remaining.isEmpty() ? "no strategy (current members are kept)" : remaining);
        } else {
            LOG.debug("Strategy '{}' no longer available", name);
        }
        reconsiderAuto();
    }

    @Override
    public StrategySelection selection() {
        return selection;
    }

    @Override
    public StrategySelection use(List<String> names) {
        String source = overrides.sourceOf("cluster");
        if (!source.equals("configuration")) {
            throw new IllegalStateException("cluster is set by " + source + ", which a change from the shell would "
                    + "not override; change it there");
        }
        Selector.Choice choice = Selector.choose(names, snapshot(), Selector.Check.ALL);
        if (choice.refusal() != null) {
            throw new IllegalArgumentException(choice.refusal() + "; still using " + selection.active());
        }
        try {
            store.saveCluster(String.join(",", names));
        } catch (IOException e) {
            throw new IllegalStateException("cannot record cluster=" + String.join(",", names) + ": " + e.getMessage(),
                    e);
        }
        rejected = null;
        changes.incrementAndGet();
        install(names, choice.selection(), "shell");
        return choice.selection();
    }

    @Override
    public Optional<String> rejectedConfiguration() {
        return Optional.ofNullable(rejected);
    }

    @Override
    public List<StrategyStatus> strategies() {
        List<String> active = selection.active();
        synchronized (lock) {
            Set<String> names = new TreeSet<>(bound.keySet());
            names.addAll(active);
            names.addAll(records.keySet());
            return names.stream()
                    .map(name -> status(name, active.contains(name)))
                    .sorted(Comparator.comparing((StrategyStatus s) -> !s.active())
                            .thenComparing(s -> active.contains(s.name()) ? active.indexOf(s.name()) : 0)
                            .thenComparing(StrategyStatus::name))
                    .toList();
        }
    }

    /**
     * Runs one discovery round: asks every active strategy, in parallel, for seeds and hands each answer to
     * {@code sink} as soon as it arrives, resolved to addresses. Returns without waiting for the answers, except on
     * the initial round.
     *
     * @param initial the node's first round after start: waits up to {@link #INITIAL_PATIENCE} (or the strategy
     *                timeout, if longer) for configured strategies whose bundles are still starting, then for their
     *                answers, so that the join that follows knows every peer a strategy can name. Without that wait, nodes
     *                that start together behind a strategy that is slow on its first call (a client connecting,
     *                an mDNS responder probing) each start alone and only merge seconds later.
     */
    public void round(String cluster, Member self, boolean initial, SeedSink sink) {
        Duration deadline = initial && INITIAL_PATIENCE.compareTo(timeout) > 0 ? INITIAL_PATIENCE : timeout;
        List<String> names = selection.active();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        synchronized (lock) {
            if (initial) {
                awaitBound(names, deadline);
            }
            for (String name : names) {
                ClusterStrategy strategy = bound.get(name);
                StrategyRecord rec = records.computeIfAbsent(name, n -> new StrategyRecord());
                if (strategy == null) {
                    fail(name, rec, notInstalled(name), Duration.ZERO);
                } else if (rec.inFlight != null && !rec.inFlight.isDone()) {
                    fail(name, rec, "still answering a round that started at " + rec.inFlightSince
                            + "; not asked again until it returns", Duration.ZERO);
                } else {
                    answers.add(start(name, strategy, rec, cluster, self, deadline, sink));
                }
            }
        }
        if (initial && !answers.isEmpty()) {
            try {
                // Each answer is already bounded by the deadline; the margin covers handing it to the sink.
                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                        .get(deadline.toMillis() + 200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // a failed or late answer was logged as it ended; the join goes ahead with what came
            }
        }
    }

    /** Withdraws the local node from every strategy that advertised it; called when the node stops. */
    public void withdrawAll() {
        List<Runnable> withdrawals = new ArrayList<>();
        synchronized (lock) {
            records.forEach((name, rec) -> {
                ClusterStrategy strategy = bound.get(name);
                if (strategy != null && rec.advertisedSelf != null) {
                    withdrawals.add(withdrawal(name, strategy, rec));
                }
            });
        }
        List<Future<?>> running = new ArrayList<>();
        withdrawals.forEach(w -> running.add(calls.submit(w)));
        awaitWithdrawals(running);
    }

    /** While the node stops, every strategy goes: that is not worth a warning. */
    private boolean shuttingDown() {
        return framework != null && framework.getState() == Bundle.STOPPING;
    }

    private void awaitWithdrawals(List<Future<?>> running) {
        long until = System.nanoTime() + timeout.toNanos();
        for (Future<?> f : running) {
            try {
                f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("A strategy did not withdraw the node within {}ms", timeout.toMillis());
            } catch (Exception e) {
                LOG.warn("Withdrawing the node failed: {}", e.toString());
            }
        }
    }

    private void apply(Map<String, ?> config, boolean starting) {
        Map<String, Object> effective = overrides.apply(config, KEYS);
        SettingsReader reader = new SettingsReader(effective);
        Duration newTimeout = reader.duration("strategy.timeout", Duration.ofMillis(10), Duration.ofMinutes(5),
                timeout);
        reader.problems().forEach(p -> LOG.error("Configuration {}: {}", NodeSettings.PID, p));
        timeout = newTimeout;

        List<String> names = reader.list("cluster", List.of("auto"));
        int generation = changes.incrementAndGet();
        String source = overrides.sourceOf("cluster");
        if (starting) {
            Selector.Choice choice = Selector.choose(names, snapshot(), Selector.Check.WARN);
            choice.warnings().forEach(w -> LOG.warn("{} (the strategy's bundle may still be starting)", w));
            install(names, choice.selection(), source);
            return;
        }
        if (names.equals(configured)) {
            return;
        }
        if (refuse(names, source, Selector.Check.NAMES)) {
            return;
        }
        // The strategies read the same configuration, possibly after this component: judge their settings once
        // they have. Until then the current strategies stay in use.
        CompletableFuture.runAsync(() -> confirm(generation, names, source),
                CompletableFuture.delayedExecutor(CONFIRMATION_DELAY.toMillis(), TimeUnit.MILLISECONDS, calls));
    }

    private synchronized void confirm(int generation, List<String> names, String source) {
        if (generation == changes.get() && !refuse(names, source, Selector.Check.ALL)) {
            install(names, Selector.choose(names, snapshot(), Selector.Check.ALL).selection(), source);
        }
    }

    /** Refuses {@code names} if {@code check} finds a reason, saying so; true if refused. */
    private boolean refuse(List<String> names, String source, Selector.Check check) {
        Selector.Choice choice = Selector.choose(names, snapshot(), check);
        if (choice.refusal() == null) {
            rejected = null;
            return false;
        }
        rejected = "cluster=" + String.join(",", names) + " (" + source + ") refused: " + choice.refusal()
                + "; still using " + selection.active();
        LOG.error(rejected);
        return true;
    }

    /** Expands {@code auto} again after a strategy came or went, since what it detects may have changed. */
    private void reconsiderAuto() {
        List<String> names = configured;
        if (names.equals(List.of("auto")) || names.isEmpty()) {
            StrategySelection next = Selector.choose(names, snapshot(), Selector.Check.WARN).selection();
            if (!next.active().equals(selection.active())) {
                install(names, next, overrides.sourceOf("cluster"));
            }
        }
    }

    private synchronized void install(List<String> names, StrategySelection next, String source) {
        StrategySelection previous = selection;
        configured = List.copyOf(names);
        selection = next;
        if (!previous.active().equals(next.active()) || previous.configured().isEmpty()) {
            LOG.info("Discovery strategies {} ({}): {}", next.active(), source, next.reason());
        }
        withdrawDeselected(previous.active(), next.active());
    }

    private Map<String, ClusterStrategy> snapshot() {
        synchronized (lock) {
            return Map.copyOf(bound);
        }
    }

    private void withdrawDeselected(List<String> before, List<String> after) {
        synchronized (lock) {
            for (String name : before) {
                ClusterStrategy strategy = bound.get(name);
                StrategyRecord rec = records.get(name);
                if (!after.contains(name) && strategy != null && rec != null && rec.advertisedSelf != null) {
                    calls.execute(withdrawal(name, strategy, rec));
                }
            }
        }
    }

    private Runnable withdrawal(String name, ClusterStrategy strategy, StrategyRecord rec) {
        String cluster = rec.advertisedCluster;
        Member self = rec.advertisedSelf;
        rec.advertisedCluster = null;
        rec.advertisedSelf = null;
        return () -> {
            try {
                strategy.withdraw(cluster, self);
            } catch (Exception | LinkageError e) {
                LOG.warn("Strategy '{}' failed to withdraw this node: {}", name, e.toString());
            }
        };
    }

    /** Asks {@code strategy} in the background; the future completes once its answer (or failure) is handled. */
    private CompletableFuture<?> start(String name, ClusterStrategy strategy, StrategyRecord rec, String cluster,
                                       Member self, Duration deadline, SeedSink sink) {
        Instant started = Instant.now();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        rec.inFlightSince = started;
        rec.inFlight = calls.submit(() -> {
            try {
                answer.complete(ask(strategy, cluster, self));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        return answer.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((result, error) -> {
            Duration took = Duration.between(started, Instant.now());
            synchronized (lock) {
                if (error != null) {
                    fail(name, rec, describe(error, deadline), took);
                    return;
                }
                if (result.advertised) {
                    rec.advertisedCluster = cluster;
                    rec.advertisedSelf = self;
                }
                succeed(name, rec, result, took);
            }
            if (!result.addresses.isEmpty()) {
                sink.accept(name, result.addresses);
            }
        }, calls);
    }

    /** What one strategy answered, resolved. */
    private record Answer(List<Seed> seeds, List<InetSocketAddress> addresses, List<String> problems,
                          boolean advertised) {
    }

    private static Answer ask(ClusterStrategy strategy, String cluster, Member self) throws Exception {
        List<String> problems = new ArrayList<>();
        // A strategy keeps its last good settings when new ones are bad; it still answers, but the bad values
        // must stay visible for as long as they are there.
        strategy.configurationProblem().ifPresent(p -> problems.add("configuration: " + p));
        boolean advertised = false;
        try {
            strategy.advertise(cluster, self);
            advertised = true;
        } catch (Exception e) {
            problems.add("advertise failed: " + e.getMessage());
        }
        Collection<Seed> answered;
        try {
            answered = strategy.seeds(cluster);
        } catch (StaleSeedsException stale) {
            problems.add(stale.getMessage() + " (using the " + stale.lastKnown().size() + " seed(s) read before)");
            answered = stale.lastKnown();
        }
        List<Seed> seeds = answered == null ? List.of() : answered.stream().filter(Objects::nonNull).toList();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Seed seed : seeds) {
            try {
                for (InetAddress ip : InetAddress.getAllByName(seed.host())) {
                    addresses.add(new InetSocketAddress(ip, seed.port()));
                }
            } catch (UnknownHostException e) {
                problems.add("cannot resolve seed host '" + seed.host() + "'");
            }
        }
        return new Answer(seeds, addresses, problems, advertised);
    }

    private void succeed(String name, StrategyRecord rec, Answer answer, Duration took) {
        String before = rec.lastError;
        rec.seeds = answer.seeds;
        rec.lastRound = Instant.now();
        rec.lastTook = took;
        rec.lastError = answer.problems.isEmpty() ? null : String.join("; ", answer.problems);
        if (rec.lastError != null && !rec.lastError.equals(before)) {
            LOG.warn("Strategy '{}': {}", name, rec.lastError);
        } else if (rec.lastError == null && before != null) {
            LOG.info("Strategy '{}' answers again: {} seed(s)", name, answer.seeds.size());
        }
    }

    private void fail(String name, StrategyRecord rec, String error, Duration took) {
        String before = rec.lastError;
        rec.lastRound = Instant.now();
        rec.lastTook = took;
        rec.lastError = error;
        if (!error.equals(before)) {
            LOG.warn("Strategy '{}' skipped this round: {}", name, error);
        }
    }

    private static String describe(Throwable error, Duration deadline) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return "no answer within " + deadline.toMillis() + "ms ("
                    + (deadline.equals(INITIAL_PATIENCE) ? "first round" : "strategy.timeout") + ")";
        }
        return cause.getMessage() == null ? cause.getClass().getName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private String notInstalled(String name) {
        return Selector.SHIPPED_SEPARATELY.contains(name)
                ? "not installed: add the strategy-" + name + " bundle to deploy/"
                : "not installed: no ClusterStrategy service named '" + name + "'";
    }

    private void awaitBound(List<String> names, Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        try {
            while (!bound.keySet().containsAll(names)) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private StrategyStatus status(String name, boolean active) {
        StrategyRecord rec = records.get(name);
        if (rec == null) {
            return new StrategyStatus(name, active, bound.containsKey(name), List.of(), Optional.empty(),
                    Duration.ZERO, Optional.empty());
        }
        return new StrategyStatus(name, active, bound.containsKey(name), rec.seeds, rec.lastRound(), rec.lastTook,
                Optional.ofNullable(rec.lastError));
    }

    private static String nameOf(ClusterStrategy strategy) {
        try {
            String name = strategy.name();
            if (name == null || name.isBlank()) {
                LOG.error("Ignoring strategy {}: it has no name", strategy.getClass().getName());
                return null;
            }
            return name;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Ignoring strategy {}: name() failed: {}", strategy.getClass().getName(), e.toString());
            return null;
        }
    }
}
