package io.foundation.strategy.consul;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.NotRegisteredException;
import org.kiwiproject.consul.async.ConsulResponseCallback;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.agent.Registration;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.option.ImmutableQueryOptions;
import org.kiwiproject.consul.option.QueryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StaleSeedsException;

/**
 * This node's link to one Consul agent for one service, open from the strategy's first use to its withdrawal:
 * <ul>
 *   <li>registers the node ({@link #register}) and then passes its TTL check every ttl/3 from its own timer
 *       thread, registering again if the agent lost the registration;</li>
 *   <li>keeps the passing instances of the service in memory with a loop of blocking health queries (each waits
 *       up to {@value #WATCH_SECONDS} s for the index to pass the last {@code X-Consul-Index}), so {@link #seeds}
 *       answers without a network round trip;</li>
 *   <li>deregisters the node ({@link #deregister}) and releases its threads and connections ({@link #close}).</li>
 * </ul>
 * Every failure is turned into one line naming the agent, what was asked and why it failed (unreachable, ACL
 * token unknown or lacking a permission, other answer), logged once when it starts and once when it ends.
 */
final class AgentLink {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);
    /** How long the first {@link #seeds} waits for the first answer of the health query. */
    static final Duration FIRST_ANSWER_WAIT = Duration.ofMillis(500);
    /** How long one blocking health query may wait for a change; the agent adds up to 1/16 of it. */
    static final int WATCH_SECONDS = 30;
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    /** Registration, TTL updates and deregistration are quick calls to a local agent. */
    private static final int READ_TIMEOUT_MS = 2_000;
    /** Delay before asking again after a first failure; {@link #MAX_RETRY} after the next ones. */
    private static final Duration MIN_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(3);

    private final ConsulSettings settings;
    private final String service;
    private final ScheduledExecutorService timer;
    private final Consul consul;
    private final CountDownLatch firstAnswer = new CountDownLatch(1);

    /** What the health query found last, and when. */
    private record Snapshot(List<ServiceHealth> instances, Instant at) {
    }

    /** Why the health query fails, since when. */
    private record Failure(String message, Throwable cause, Instant since) {
    }

    private volatile boolean closed;
    private volatile Snapshot known;
    private volatile Failure watchFailure;
    private volatile NodeRegistration registered;
    private volatile String keepAliveFailure;
    /** The last registration tried and why it failed, so a failing agent is asked at most every ttl/3. */
    private NodeRegistration attempted;
    private long attemptedAt;
    private IOException attemptFailure;
    private ScheduledFuture<?> keepAlive;

    AgentLink(ConsulSettings settings, String service) {
        this.settings = settings;
        this.service = service;
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                r -> daemon(r, "foundation-consul-" + service));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
        ExecutorService http = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                r -> daemon(r, "foundation-consul-" + service + "-http-" + threads.incrementAndGet()));
        // The client's read timeout is for the quick calls; for a blocking query it adds the query's wait itself.
        Consul.Builder builder = Consul.builder()
                .withUrl(settings.address().toString())
                .withPing(false)
                .withConnectTimeoutMillis(CONNECT_TIMEOUT_MS)
                .withReadTimeoutMillis(READ_TIMEOUT_MS)
                .withWriteTimeoutMillis(READ_TIMEOUT_MS)
                .withExecutorService(http);
        settings.token().ifPresent(builder::withTokenAuth);
        this.consul = builder.build();
        LOG.info("Consul: watching the passing instances of '{}' ({})", service, settings);
        timer.execute(() -> watch(null));
    }

    /**
     * Asks for the passing instances, blocking until the index passes {@code index} (or at once when it is null),
     * and asks again when the answer comes. After a failure it asks without an index, so an agent that is back
     * answers at once instead of holding the query until the next change.
     */
    private void watch(BigInteger index) {
        if (closed) {
            return;
        }
        ImmutableQueryOptions.Builder query = index == null ? ImmutableQueryOptions.builder()
                : QueryOptions.blockSeconds(WATCH_SECONDS, index);
        settings.datacenter().ifPresent(query::datacenter);
        long started = System.nanoTime();
        consul.healthClient().getHealthyServiceInstances(service, query.build(), new ConsulResponseCallback<>() {
            @Override
            public void onComplete(ConsulResponse<List<ServiceHealth>> answer) {
                known = new Snapshot(List.copyOf(answer.getResponse()), Instant.now());
                if (watchFailure != null) {
                    LOG.info("Consul: the agent at {} answers again", settings.address());
                    watchFailure = null;
                    if (keepAliveFailure != null) {
                        // Renew now rather than up to ttl/3 later: the check may have expired during the outage.
                        schedule(AgentLink.this::keepAlive, Duration.ZERO);
                    }
                }
                firstAnswer.countDown();
                BigInteger answered = answer.getIndex();
                // Consul's rules for blocking queries: an index that went backwards or is not positive starts over.
                boolean restart = answered == null || answered.signum() <= 0
                        || (index != null && answered.compareTo(index) < 0);
                BigInteger next = restart ? null : answered;
                // An index that did not move within a fraction of the wait is an agent not blocking: slow down.
                boolean early = index != null && index.equals(next)
                        && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(WATCH_SECONDS) / 2;
                schedule(() -> watch(next), early ? MIN_RETRY : Duration.ZERO);
            }

            @Override
            public void onFailure(Throwable error) {
                Failure before = watchFailure;
                String message = describe("list the passing instances of '" + service + "'"
                        + settings.datacenter().map(dc -> " in datacenter " + dc).orElse(""), error);
                if (!closed && (before == null || !before.message.equals(message))) {
                    LOG.warn("Consul: {}", message);
                }
                watchFailure = new Failure(message, error, before != null ? before.since : Instant.now());
                firstAnswer.countDown();
                schedule(() -> watch(null), before == null ? MIN_RETRY : MAX_RETRY);
            }
        });
    }

    /** Runs {@code task} on the timer after {@code delay}, unless the link was closed meanwhile. */
    private void schedule(Runnable task, Duration delay) {
        try {
            timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Consul: link to {} closed; not asking again", settings.address());
        }
    }

    String service() {
        return service;
    }

    /**
     * Makes sure {@code wanted} is what the agent holds: returns at once when it already is and the TTL check
     * is being passed; otherwise registers it (one call to the agent, at most every ttl/3 while that fails).
     *
     * @throws IOException saying why the registration is not (or no longer) kept alive
     */
    void register(NodeRegistration wanted) throws IOException {
        if (wanted.equals(registered)) {
            String failure = keepAliveFailure;
            if (failure != null) {
                throw new IOException(failure);
            }
            return;
        }
        synchronized (this) {
            if (wanted.equals(registered)) {
                return;
            }
            long now = System.nanoTime();
            if (wanted.equals(attempted) && attemptFailure != null && now - attemptedAt < keepAlivePeriodNanos()) {
                throw new IOException(attemptFailure.getMessage(), attemptFailure.getCause());
            }
            attempted = wanted;
            attemptedAt = now;
            try {
                consul.agentClient().register(toConsul(wanted));
            } catch (ConsulException e) {
                String message = describe("register service '" + wanted.service() + "'", e);
                if (attemptFailure == null || !attemptFailure.getMessage().equals(message)) {
                    LOG.warn("Consul: {}", message);
                }
                attemptFailure = new IOException(message, e);
                throw attemptFailure;
            }
            attemptFailure = null;
            keepAliveFailure = null;
            registered = wanted;
            if (keepAlive == null) {
                long period = keepAlivePeriodNanos();
                keepAlive = timer.scheduleWithFixedDelay(this::keepAlive, period, period, TimeUnit.NANOSECONDS);
            }
        }
        LOG.info("Consul: registered node {} ({}) as service '{}' at {}:{} with a {} TTL check",
                wanted.nodeName(), wanted.id(), wanted.service(), wanted.host(), wanted.port(),
                NodeRegistration.goDuration(wanted.ttl()));
    }

    /**
     * The passing instances of the service other than this node, of this cluster (or without a cluster in their
     * metadata), as the last health query saw them. Waits up to {@link #FIRST_ANSWER_WAIT} for the first answer.
     *
     * @throws StaleSeedsException when the agent cannot be read now but answered before
     * @throws IOException         when it has never answered
     */
    List<Seed> seeds(String cluster) throws IOException, StaleSeedsException, InterruptedException {
        if (!firstAnswer.await(FIRST_ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("no answer yet from the Consul agent at " + settings.address()
                    + " to the health query for '" + service + "'");
        }
        Snapshot snapshot = known;
        Failure failure = watchFailure;
        if (failure != null) {
            if (snapshot == null) {
                throw new IOException(failure.message, failure.cause);
            }
            throw new StaleSeedsException(failure.message + " (since " + failure.since.truncatedTo(ChronoUnit.SECONDS)
                    + "); the seeds are those Consul listed at " + snapshot.at.truncatedTo(ChronoUnit.SECONDS),
                    seedsOf(snapshot, cluster), failure.cause);
        }
        return snapshot == null ? List.of() : seedsOf(snapshot, cluster);
    }

    /**
     * Removes this node's registration from the agent, if it made one; an agent that no longer has it is fine.
     *
     * @throws IOException when the agent could not be asked; Consul then drops the registration once its check has
     *                     been critical for {@code consul.deregister-after}
     */
    synchronized void deregister() throws IOException {
        NodeRegistration r = registered;
        registered = null;
        attempted = null;
        attemptFailure = null;
        if (keepAlive != null) {
            keepAlive.cancel(false);
            keepAlive = null;
        }
        if (r == null) {
            return;
        }
        try {
            consul.agentClient().deregister(r.id());
        } catch (ConsulException e) {
            if (e.hasCode() && e.getCode() == 404) {
                return;
            }
            throw new IOException(describe("deregister service instance '" + r.id() + "'", e)
                    + "; Consul removes it once its check has been critical for "
                    + NodeRegistration.goDuration(r.deregisterAfter()), e);
        }
        LOG.info("Consul: deregistered node {} ({}) from service '{}'", r.nodeName(), r.id(), r.service());
    }

    /** Stops the health queries and the TTL updates, and releases the threads and connections. */
    void close() {
        closed = true;
        timer.shutdownNow();
        consul.destroy();
    }

    /** Passes the TTL check; registers again if the agent no longer knows it. Runs on the timer thread. */
    private synchronized void keepAlive() {
        NodeRegistration r = registered;
        if (r == null) {
            return;
        }
        String failure;
        try {
            consul.agentClient().pass(r.id());
            failure = null;
        } catch (NotRegisteredException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ConsulException ce && ce.hasCode() && ce.getCode() != 403) {
                failure = registerAgain(r, ce);
            } else {
                failure = describe("renew the TTL check of service '" + r.service() + "'", cause);
            }
        }
        String before = keepAliveFailure;
        if (failure != null && !failure.equals(before)) {
            LOG.warn("Consul: {}", failure);
        } else if (failure == null && before != null) {
            LOG.info("Consul: the TTL check of '{}' passes again", r.service());
        }
        keepAliveFailure = failure;
    }

    private String registerAgain(NodeRegistration r, ConsulException why) {
        try {
            consul.agentClient().register(toConsul(r));
            LOG.warn("Consul: the agent at {} no longer knew this node's check ({}); registered '{}' again",
                    settings.address(), consulMessage(why), r.service());
            return null;
        } catch (ConsulException e) {
            return describe("register service '" + r.service() + "' again", e);
        }
    }

    private long keepAlivePeriodNanos() {
        return settings.ttl().toNanos() / 3;
    }

    private List<Seed> seedsOf(Snapshot snapshot, String cluster) {
        NodeRegistration self = registered;
        List<Seed> seeds = new ArrayList<>();
        for (ServiceHealth instance : snapshot.instances) {
            var s = instance.getService();
            String theirCluster = s.getMeta().get(NodeRegistration.META_CLUSTER);
            boolean itself = self != null && s.getId().equals(self.id());
            if (itself || (theirCluster != null && !theirCluster.equals(cluster))) {
                continue;
            }
            String host = s.getAddress() == null || s.getAddress().isBlank() ? instance.getNode().getAddress()
                    : s.getAddress();
            try {
                seeds.add(Seed.of(host, s.getPort()));
            } catch (IllegalArgumentException e) {
                LOG.debug("Consul: ignoring instance {} of '{}': {}", s.getId(), service, e.getMessage());
            }
        }
        return seeds;
    }

    private static Registration toConsul(NodeRegistration r) {
        return ImmutableRegistration.builder()
                .id(r.id())
                .name(r.service())
                .address(r.host())
                .port(r.port())
                .tags(r.tags())
                .meta(r.meta())
                .check(ImmutableRegCheck.builder()
                        .name("Foundation node " + r.nodeName())
                        .notes("passed every ttl/3 by the node while it runs the consul strategy")
                        .ttl(NodeRegistration.goDuration(r.ttl()))
                        .status("passing")
                        .deregisterCriticalServiceAfter(NodeRegistration.goDuration(r.deregisterAfter()))
                        .build())
                .build();
    }

    /** One line for an operator: which agent, what was asked, what went wrong and what to do about a 403. */
    String describe(String action, Throwable error) {
        URI agentUrl = settings.address();
        ConsulException consul = find(error);
        if (consul != null && consul.hasCode()) {
            String body = consulMessage(consul);
            if (consul.getCode() == 403) {
                String token = settings.token().isPresent() ? "the ACL token from " + settings.tokenOrigin()
                        : "no ACL token (set consul.token or CONSUL_HTTP_TOKEN), so the agent's default token";
                if (body.contains("ACL not found")) {
                    return "Consul agent at " + agentUrl + " refused to " + action + ": 403 ACL not found: "
                            + token + " is unknown to Consul (deleted, expired or mistyped)";
                }
                return "Consul agent at " + agentUrl + " refused to " + action + ": 403 " + body + ": " + token
                        + " needs service:write on '" + service + "' to register this node and renew its check, "
                        + "and service:read on it with node:read to find peers";
            }
            return "Consul agent at " + agentUrl + " answered " + consul.getCode() + " when asked to " + action + ": "
                    + body;
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "Consul agent at " + agentUrl + " unreachable when asked to " + action + ": "
                + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static ConsulException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConsulException ce && ce.hasCode()) {
                return ce;
            }
        }
        return null;
    }

    /** What Consul said, from the client's "Consul request to [url] failed with status [403]: ..." message. */
    private static String consulMessage(ConsulException e) {
        String message = Objects.requireNonNullElse(e.getMessage(), "");
        int at = message.indexOf("]: ");
        return (at >= 0 ? message.substring(at + 3) : message).strip();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
