package io.foundation.strategy.k8s;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.settings.Overrides;
import io.foundation.settings.SettingsReader;

/**
 * {@code k8s}: peers are the ready pods of the cluster's label selector in a namespace, from the Kubernetes API
 * ({@code k8s.mode=api}, the default), or the addresses of a headless service ({@code k8s.mode=dns}). See the
 * bundle's README for every key, the RBAC it needs and when it watches or polls.
 *
 * <p>Stale seeds: when the API server (or the DNS) stops answering after a good answer, {@link #seeds} throws a
 * {@link io.foundation.api.cluster.StaleSeedsException} with the last good seeds, so discovery goes on with them and
 * {@code foundation:strategies} shows why they are stale. Before any good answer it fails with why.
 *
 * <p>Settings come from PID {@value #PID} over PID {@code io.foundation.cluster}, so {@code k8s.*} keys may live
 * in either file; {@code FOUNDATION_K8S_*} variables and {@code foundation.k8s.*} properties override both.
 */
@Component(service = ClusterStrategy.class, configurationPid = {K8sStrategy.CLUSTER_PID, K8sStrategy.PID})
public final class K8sStrategy implements ClusterStrategy {

    static final String PID = "io.foundation.strategy.k8s";
    static final String CLUSTER_PID = "io.foundation.cluster";
    private static final Logger LOG = LoggerFactory.getLogger(K8sStrategy.class);

    private final Overrides overrides;
    private final Environment env;
    /** The node asks for configuration problems every round: the kubeconfig is parsed again only when it changed. */
    private final KubeconfigCheck kubeconfigCheck = new KubeconfigCheck();
    private volatile K8sSettings settings;
    /** Built on the first round and closed when the settings change or the strategy stops being used. */
    private Source source;

    @Activate
    public K8sStrategy(BundleContext context, Map<String, Object> config) {
        this(Overrides.of(context), Environment.system(), config);
        if (selected(config)) {
            // The node's first round comes right after start; loading the client and Jackson's deserializers cold
            // takes about a second, the default strategy.timeout. Connect and list now so that round has seeds.
            Thread early = new Thread(() -> source().start(), "foundation-k8s-start");
            early.setDaemon(true);
            early.start();
        }
    }

    /** The node's {@code cluster} setting names this strategy, or is {@code auto} where it detects Kubernetes. */
    private boolean selected(Map<String, Object> config) {
        List<String> cluster = new SettingsReader(overrides.apply(config, List.of("cluster")))
                .list("cluster", List.of("auto"));
        return cluster.contains(name()) || (cluster.isEmpty() || cluster.equals(List.of("auto")))
                && detect().isPresent() && configurationProblem().isEmpty();
    }

    K8sStrategy(Overrides overrides, Environment env, Map<String, Object> config) {
        this.overrides = overrides;
        this.env = env;
        this.settings = read(config, K8sSettings.defaults());
    }

    @Modified
    void modified(Map<String, Object> config) {
        K8sSettings next = read(config, settings);
        if (!next.equals(settings)) {
            settings = next;
            closeSource();
        }
    }

    @Deactivate
    void deactivate() {
        closeSource();
    }

    private K8sSettings read(Map<String, Object> config, K8sSettings previous) {
        K8sSettings next = K8sSettings.read(overrides.apply(config, K8sSettings.KEYS), previous, env);
        next.problems().stream().filter(p -> !previous.problems().contains(p))
                .forEach(p -> LOG.error("Configuration {}: {}", PID, p));
        return next;
    }

    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public Collection<Seed> seeds(String cluster) throws Exception {
        return source().seeds();
    }

    /** The strategy is no longer used: stop watching. */
    @Override
    public void withdraw(String cluster, Member self) {
        closeSource();
    }

    @Override
    public Optional<String> configurationProblem() {
        K8sSettings s = settings;
        List<String> problems = new ArrayList<>(s.problems());
        if (s.mode() == K8sSettings.Mode.DNS) {
            if (s.service().isEmpty()) {
                problems.add("k8s.mode=dns needs k8s.service: the name of a headless service that selects the "
                        + "cluster's pods");
            }
        } else if (s.kubeconfig().isPresent()) {
            String problem = kubeconfigCheck.problem(s.kubeconfig().get());
            if (problem != null) {
                problems.add("k8s.kubeconfig=" + s.kubeconfig().get() + " " + problem);
            }
        } else if (!env.insideKubernetes()) {
            problems.add("not inside Kubernetes (" + Environment.SERVICE_HOST + " and " + Environment.SERVICE_PORT
                    + " are not set) and k8s.kubeconfig is empty: set k8s.kubeconfig to a kubeconfig file, or use "
                    + "k8s.mode=dns");
        } else if (!env.tokenReadable()) {
            problems.add("no readable service-account token at " + env.tokenFile() + " (automountServiceAccountToken"
                    + " is false?): mount one, set k8s.kubeconfig, or use k8s.mode=dns");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    @Override
    public Optional<String> detect() {
        if (!env.insideKubernetes()) {
            return Optional.empty();
        }
        String found = "inside Kubernetes: " + Environment.SERVICE_HOST + "=" + env.serviceHost().orElseThrow() + " and "
                + Environment.SERVICE_PORT + "=" + env.servicePort().orElseThrow() + " set";
        if (env.tokenReadable()) {
            return Optional.of(found + ", service-account token readable at " + env.tokenFile());
        }
        if (settings.mode() == K8sSettings.Mode.DNS) {
            return Optional.of(found + ", no service-account token (k8s.mode=dns needs none)");
        }
        return Optional.empty();
    }

    K8sSettings settings() {
        return settings;
    }

    private synchronized Source source() {
        if (source == null) {
            K8sSettings s = settings;
            source = s.mode() == K8sSettings.Mode.API ? new ApiSource(s, env) : new DnsSource(s);
        }
        return source;
    }

    private void closeSource() {
        Source s;
        synchronized (this) {
            s = source;
            source = null;
        }
        if (s != null) {
            s.close();
        }
    }

    /** {@link K8sSettings#kubeconfigProblem} remembered for one state of the file (path, size, modification time). */
    private static final class KubeconfigCheck {

        private Object state;
        private String problem;

        synchronized String problem(java.nio.file.Path path) {
            Object now;
            try {
                java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(path,
                        java.nio.file.attribute.BasicFileAttributes.class);
                now = List.of(path, a.size(), a.lastModifiedTime());
            } catch (java.io.IOException | SecurityException e) {
                now = List.of(path, "unreadable");
            }
            if (!now.equals(state)) {
                problem = K8sSettings.kubeconfigProblem(path);
                state = now;
            }
            return problem;
        }
    }
}
