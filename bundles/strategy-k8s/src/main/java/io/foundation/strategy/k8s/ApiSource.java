package io.foundation.strategy.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StaleSeedsException;

/**
 * API mode: the ready pods that match the selector in the namespace, through the Fabric8 client on the JDK's HTTP
 * client.
 *
 * <p><b>Watch</b> ({@code k8s.watch=true}, the default): a background thread lists the pods once, then watches
 * them from that list's resource version and keeps a cache that {@link #seeds()} answers from without a request.
 * The list is taken again from scratch when the watch ends for any reason (connection lost, resource version
 * expired, API server restarted) and at the latest every {@code k8s.resync}, so a lost event cannot linger. While
 * the list fails the thread retries with a backoff of 0.5 s doubling to 10 s.
 *
 * <p><b>Poll</b> ({@code k8s.watch=false}): every {@link #seeds()} lists the pods, bounded by {@code k8s.timeout}.
 *
 * <p>Either way a failure after a good answer hands the node the last good seeds in a {@link StaleSeedsException}
 * ({@link Health}).
 */
final class ApiSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(ApiSource.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    /** How long stopping waits for the watcher to close its watch. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final K8sSettings settings;
    private final Environment env;
    private final ClassLoader loader = ApiSource.class.getClassLoader();
    private final Health health = new Health("the Kubernetes API");
    private final Object lock = new Object();

    private KubernetesClient client;
    private volatile String server;
    private volatile String identity;
    /** Watch mode: the matching pods by name, as last listed and watched. Guarded by {@code lock}. */
    private final Map<String, Seed> readyPods = new TreeMap<>();
    private Thread watcher;
    /** Counts lists, so that events of an abandoned watch are ignored. */
    private long generation;
    private volatile boolean closed;

    ApiSource(K8sSettings settings, Environment env) {
        this.settings = settings;
        this.env = env;
    }

    @Override
    public List<Seed> seeds() throws Exception {
        try {
            ensureClient();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot set up the Kubernetes client: " + (e instanceof IllegalStateException
                    ? e.getMessage() : Failures.rootMessage(e)), e);
        }
        return settings.watch() ? fromWatch() : poll();
    }

    @Override
    public void start() {
        try {
            ensureClient();
            if (settings.watch()) {
                synchronized (lock) {
                    startWatcher();
                }
            } else {
                poll();
            }
        } catch (Exception e) {
            LOG.debug("k8s: early start failed: {}", e.toString());
        }
    }

    @Override
    public String describe() {
        return "ready pods matching '" + settings.selector() + "' in namespace '" + settings.namespace() + "' ("
                + settings.namespaceSource() + ") from " + (server == null ? "the API server" : server) + ", "
                + (settings.watch() ? "watched" : "listed every round");
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        KubernetesClient c;
        synchronized (lock) {
            t = watcher;
            watcher = null;
            c = client;
            client = null;
            lock.notifyAll();
        }
        if (t != null) {
            t.interrupt();
            // The watcher closes its watch as it ends; closing the client under it would leave the connection
            // to the API server half-closed.
            try {
                t.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (c != null) {
            c.close();
        }
    }

    // --- poll -------------------------------------------------------------------------------------------------

    private List<Seed> poll() throws Exception {
        try {
            List<Seed> seeds = withLoader(() -> readySeeds(pods().list().getItems()));
            health.seeds(seeds);
            health.ok();
            return seeds;
        } catch (RuntimeException e) {
            if (closed) {
                throw new IllegalStateException("k8s strategy stopped");
            }
            String why = describe(e, "list");
            health.failed(why);
            throw health.stale(null).map(Exception.class::cast).orElseGet(() -> new IllegalStateException(why));
        }
    }

    // --- watch ------------------------------------------------------------------------------------------------

    private List<Seed> fromWatch() throws Exception {
        synchronized (lock) {
            startWatcher();
            long until = System.nanoTime() + settings.timeout().toNanos();
            while (!health.hasSeeds() && health.failure().isEmpty() && !closed) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no pod list yet from " + server + " (waiting "
                            + settings.timeout().toMillis() + "ms, k8s.timeout)");
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (health.hasSeeds()) {
                Optional<StaleSeedsException> stale = health.stale(null);
                if (stale.isPresent()) {
                    throw stale.get();
                }
                return List.copyOf(readyPods.values());
            }
        }
        throw new IllegalStateException(health.failure().orElse("k8s strategy stopped"));
    }

    /** Guarded by {@code lock}. */
    private void startWatcher() {
        if (watcher == null && !closed) {
            watcher = new Thread(this::watchLoop, "foundation-k8s-watch");
            watcher.setDaemon(true);
            watcher.setContextClassLoader(loader);
            watcher.start();
        }
    }

    private void watchLoop() {
        Duration backoff = FIRST_BACKOFF;
        while (!closed) {
            String verb = "list";
            try {
                PodList list = pods().list();
                long gen;
                synchronized (lock) {
                    gen = ++generation;
                    readyPods.clear();
                    list.getItems().forEach(this::remember);
                    health.seeds(List.copyOf(readyPods.values()));
                    lock.notifyAll();
                }
                verb = "watch";
                CompletableFuture<WatcherException> ended = new CompletableFuture<>();
                String version = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
                try (Watch ignored = pods().watch(new ListOptionsBuilder().withResourceVersion(version)
                        .withTimeoutSeconds(settings.resync().toSeconds()).withAllowWatchBookmarks(true).build(),
                        new PodWatcher(gen, ended))) {
                    // Healthy only once the watch runs: a node allowed to list but not to watch says so.
                    health.ok();
                    backoff = FIRST_BACKOFF;
                    LOG.debug("k8s: watching {} from resource version {}", describe(), version);
                    WatcherException why = ended.get(settings.resync().toMillis(), TimeUnit.MILLISECONDS);
                    LOG.debug("k8s: watch ended ({}); listing again", why == null ? "closed" : why.getMessage());
                } catch (TimeoutException e) {
                    LOG.debug("k8s: resync after {}", settings.resync());
                }
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException e) {
                LOG.debug("k8s: watch ended: {}", e.getCause().toString());
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                synchronized (lock) {
                    health.failed(describe(e, verb));
                    lock.notifyAll();
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Applies one pod's state to the cache; guarded by {@code lock}. */
    private void remember(Pod pod) {
        String name = pod.getMetadata().getName();
        if (isReady(pod)) {
            readyPods.put(name, seedOf(pod));
        } else {
            readyPods.remove(name);
        }
    }

    private final class PodWatcher implements Watcher<Pod> {

        private final long gen;
        private final CompletableFuture<WatcherException> ended;

        PodWatcher(long gen, CompletableFuture<WatcherException> ended) {
            this.gen = gen;
            this.ended = ended;
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            synchronized (lock) {
                if (gen != generation || pod == null || pod.getMetadata() == null) {
                    return;
                }
                switch (action) {
                    case ADDED, MODIFIED -> remember(pod);
                    case DELETED -> readyPods.remove(pod.getMetadata().getName());
                    default -> {
                        return;
                    }
                }
                LOG.debug("k8s: {} {} -> {} ready pod(s)", action, pod.getMetadata().getName(), readyPods.size());
                health.seeds(List.copyOf(readyPods.values()));
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            ended.complete(cause);
        }

        @Override
        public void onClose() {
            ended.complete(null);
        }

        @Override
        public boolean reconnecting() {
            // Never reconnect behind our back: the loop lists again, which also tells why the server is gone.
            return false;
        }
    }

    // --- pods -------------------------------------------------------------------------------------------------

    /**
     * Ready: phase Running, condition Ready=True, not being deleted (no deletionTimestamp), and an IP. Pods that
     * are starting, failing their readiness probe or terminating are not seeds.
     */
    static boolean isReady(Pod pod) {
        if (pod.getMetadata() == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        PodStatus status = pod.getStatus();
        if (status == null || !"Running".equals(status.getPhase()) || status.getPodIP() == null
                || status.getPodIP().isBlank()) {
            return false;
        }
        return status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private Seed seedOf(Pod pod) {
        return Seed.of(pod.getStatus().getPodIP(), settings.port());
    }

    private List<Seed> readySeeds(List<Pod> pods) {
        return pods.stream().filter(ApiSource::isReady)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(this::seedOf).toList();
    }

    private FilterWatchListDeletable<Pod, PodList, PodResource> pods() {
        KubernetesClient c;
        synchronized (lock) {
            c = client;
        }
        if (c == null) {
            throw new IllegalStateException("k8s strategy stopped");
        }
        return c.pods().inNamespace(settings.namespace()).withLabelSelector(settings.selector());
    }

    private String describe(RuntimeException e, String verb) {
        return Failures.describe(e, verb, settings.namespace(), server, identity);
    }

    // --- client -----------------------------------------------------------------------------------------------

    private void ensureClient() {
        synchronized (lock) {
            if (client != null || closed) {
                return;
            }
            Config config = withLoader(this::config);
            config.setConnectionTimeout((int) settings.timeout().toMillis());
            config.setRequestTimeout((int) settings.timeout().toMillis());
            // One attempt per request: the strategy has its own retry, and a round must not wait for backoffs.
            config.setRequestRetryBackoffLimit(0);
            config.setWatchReconnectLimit(0);
            server = config.getMasterUrl();
            // Named explicitly: no ServiceLoader lookup of an HTTP client across bundle class loaders.
            client = withLoader(() -> new KubernetesClientBuilder().withConfig(config)
                    .withHttpClientFactory(new JdkHttpClientFactory()).build());
            LOG.info("k8s: {}", describe());
        }
    }

    private Config config() {
        if (settings.kubeconfig().isPresent()) {
            identity = "the kubeconfig's user (" + settings.kubeconfig().get() + ")";
            return Config.fromKubeconfig(settings.kubeconfig().get().toFile());
        }
        identity = "the node's service account";
        if (!env.insideKubernetes()) {
            throw new IllegalStateException("not inside Kubernetes: " + Environment.SERVICE_HOST + " and "
                    + Environment.SERVICE_PORT + " are not set, and k8s.kubeconfig is empty");
        }
        ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(env.apiServerUrl())
                .withOauthTokenProvider(new TokenFile(env.tokenFile()));
        if (Files.isRegularFile(env.caFile())) {
            builder.withCaCertFile(env.caFile().toString());
        }
        return builder.build();
    }

    private <T> T withLoader(Supplier<T> action) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** The mounted service-account token, read again when the kubelet rotates it (bound tokens expire). */
    static final class TokenFile implements OAuthTokenProvider {

        private final Path path;
        private FileTime readAt;
        private String token;

        TokenFile(Path path) {
            this.path = path;
        }

        @Override
        public synchronized String getToken() {
            try {
                FileTime modified = Files.getLastModifiedTime(path);
                if (token == null || !modified.equals(readAt)) {
                    token = Files.readString(path).strip();
                    readAt = modified;
                }
            } catch (IOException e) {
                LOG.warn("k8s: cannot read the service-account token {}: {}", path, e.toString());
            }
            return token;
        }
    }
}
