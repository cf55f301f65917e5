package io.foundation.strategy.k8s;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.Config;
import io.foundation.api.cluster.Seed;
import io.foundation.settings.SettingsReader;

/**
 * One reading of the {@code k8s.*} keys. A wrong value is reported and the previous one kept, like every Foundation
 * setting; the reports are this strategy's configuration problems until the value is fixed.
 *
 * @param mode            {@code api}: ready pods from the Kubernetes API; {@code dns}: a headless service's addresses
 * @param namespace       where the pods (or the service) are
 * @param namespaceSource where {@code namespace} came from, for messages
 * @param selector        label selector of the cluster's pods (API mode)
 * @param port            the node port on the pods' IPs; 0 = the node's port range
 * @param kubeconfig      a kubeconfig file to use instead of the in-cluster service account
 * @param service         the headless service (DNS mode): a name in {@code namespace}, or a fully qualified name
 * @param watch           API mode: keep a watch and answer from its cache (true) or list on every round (false)
 * @param timeout         per API request (connect and answer) and per DNS query
 * @param resync          watch mode: the longest a watch runs before the pods are listed again from scratch
 * @param dnsServer       DNS mode: {@code host} or {@code host:port} to ask; empty = the system's resolvers
 * @param problems        what was wrong with the configured values (each kept the previous value)
 */
record K8sSettings(Mode mode, String namespace, String namespaceSource, String selector, int port,
                   Optional<Path> kubeconfig, String service, boolean watch, Duration timeout, Duration resync,
                   String dnsServer, List<String> problems) {

    enum Mode { API, DNS }

    static final String DEFAULT_SELECTOR = "app=foundation";
    static final List<String> KEYS = List.of("k8s.mode", "k8s.namespace", "k8s.selector", "k8s.port",
            "k8s.kubeconfig", "k8s.service", "k8s.watch", "k8s.timeout", "k8s.resync", "k8s.dns.server");

    /** DNS-1123 label: a namespace or service name. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern FQDN = Pattern.compile("[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?)*\\.?");

    K8sSettings {
        problems = List.copyOf(problems);
    }

    /** What a node uses with nothing configured; the namespace is still to be resolved. */
    static K8sSettings defaults() {
        return new K8sSettings(Mode.API, "", "", DEFAULT_SELECTOR, 0, Optional.empty(), "", true,
                Duration.ofMillis(800), Duration.ofMinutes(5), "", List.of());
    }

    /** Reads {@code values} (overrides applied); a wrong value keeps the one from {@code previous}. */
    static K8sSettings read(Map<String, ?> values, K8sSettings previous, Environment env) {
        SettingsReader r = new SettingsReader(values);
        List<String> problems = new ArrayList<>();

        Mode mode = previous.mode;
        String modeText = r.text("k8s.mode", "api").toLowerCase(Locale.ROOT);
        switch (modeText) {
            case "api" -> mode = Mode.API;
            case "dns" -> mode = Mode.DNS;
            default -> r.reject("k8s.mode", modeText, "must be api or dns", previous.mode.name().toLowerCase(Locale.ROOT));
        }

        String selector = r.text("k8s.selector", DEFAULT_SELECTOR);
        Object rawSelector = values.get("k8s.selector");
        if (rawSelector != null && rawSelector.toString().isBlank()) {
            selector = r.reject("k8s.selector", "", "is empty, which would select every pod in the namespace; set a "
                    + "label selector such as " + DEFAULT_SELECTOR, previous.selector);
        } else {
            Optional<String> bad = LabelSelectors.problem(selector);
            if (bad.isPresent()) {
                selector = r.reject("k8s.selector", selector, "is not a label selector: it " + bad.get(),
                        previous.selector);
            }
        }

        int port = r.integer("k8s.port", 0, 65_535, previous.port);

        Optional<Path> kubeconfig = previous.kubeconfig;
        String kubeconfigNamespace = null;
        String kubeconfigText = r.text("k8s.kubeconfig", "");
        if (kubeconfigText.isEmpty()) {
            kubeconfig = Optional.empty();
        } else {
            Path path = Path.of(kubeconfigText);
            String problem = kubeconfigProblem(path);
            if (problem == null) {
                kubeconfig = Optional.of(path);
                kubeconfigNamespace = Config.fromKubeconfig(path.toFile()).getNamespace();
            } else if (mode == Mode.API) {
                r.reject("k8s.kubeconfig", kubeconfigText, problem, previous.kubeconfig.map(Path::toString)
                        .orElse("the in-cluster service account"));
            }
        }

        String namespace;
        String namespaceSource;
        String nsText = r.text("k8s.namespace", "");
        if (!nsText.isEmpty() && !LABEL.matcher(nsText).matches()) {
            r.reject("k8s.namespace", nsText, "is not a namespace name (lower-case letters, digits and '-', at most "
                    + "63)", previous.namespace.isEmpty() ? "the pod's namespace" : previous.namespace);
            nsText = previous.namespaceSource.equals("k8s.namespace") ? previous.namespace : "";
        }
        if (!nsText.isEmpty()) {
            namespace = nsText;
            namespaceSource = "k8s.namespace";
        } else if (kubeconfig.isPresent() && kubeconfigNamespace != null && !kubeconfigNamespace.isBlank()) {
            namespace = kubeconfigNamespace;
            namespaceSource = "the kubeconfig's context";
        } else {
            Optional<String> own = env.podNamespace().filter(ns -> LABEL.matcher(ns).matches());
            namespace = own.orElse("default");
            namespaceSource = own.isPresent() ? "the service account (" + env.namespaceFile() + ")" : "the default";
        }

        String service = r.text("k8s.service", "");
        if (!service.isEmpty() && !(service.indexOf('.') >= 0 ? FQDN : LABEL).matcher(service).matches()) {
            service = r.reject("k8s.service", service, "is neither a service name nor a fully qualified DNS name",
                    previous.service);
        }

        boolean watch = previous.watch;
        String watchText = r.text("k8s.watch", "true").toLowerCase(Locale.ROOT);
        switch (watchText) {
            case "true" -> watch = true;
            case "false" -> watch = false;
            default -> r.reject("k8s.watch", watchText, "must be true or false", previous.watch);
        }

        Duration timeout = r.duration("k8s.timeout", Duration.ofMillis(50), Duration.ofMinutes(1), previous.timeout);
        Duration resync = r.duration("k8s.resync", Duration.ofSeconds(1), Duration.ofHours(24), previous.resync);

        String dnsServer = r.text("k8s.dns.server", "");
        if (!dnsServer.isEmpty()) {
            try {
                Seed.parse(dnsServer);
            } catch (IllegalArgumentException e) {
                dnsServer = r.reject("k8s.dns.server", dnsServer, "is not host or host:port: " + e.getMessage(),
                        previous.dnsServer);
            }
        }

        problems.addAll(r.problems());
        return new K8sSettings(mode, namespace, namespaceSource, selector, port, kubeconfig, service, watch, timeout,
                resync, dnsServer, problems);
    }

    /** Why {@code kubeconfig} cannot be used, found by reading it (no network); null if it can. */
    static String kubeconfigProblem(Path kubeconfig) {
        File file = kubeconfig.toFile();
        if (!Files.isRegularFile(kubeconfig)) {
            return "names no file";
        }
        if (!Files.isReadable(kubeconfig)) {
            return "is not readable by this process";
        }
        try {
            Config config = Config.fromKubeconfig(file);
            if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
                return "names no API server (no current-context with a cluster server)";
            }
            return null;
        } catch (RuntimeException e) {
            return "is not a usable kubeconfig: " + Failures.rootMessage(e);
        }
    }

    /** The DNS name DNS mode resolves: {@code <service>.<namespace>.svc.cluster.local}, or the service as given. */
    String dnsName() {
        if (service.indexOf('.') >= 0) {
            return service.endsWith(".") ? service : service + ".";
        }
        return service + "." + namespace + ".svc.cluster.local.";
    }
}
