package io.foundation.strategy.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a pod sees of Kubernetes without asking it: the API server's service variables and the mounted service
 * account. Injectable so tests can play "inside a pod" on any machine.
 *
 * @param variables         the process environment
 * @param serviceAccountDir where the service account is mounted ({@code token}, {@code namespace}, {@code ca.crt})
 */
record Environment(Map<String, String> variables, Path serviceAccountDir) {

    static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    static final String SERVICE_HOST = "KUBERNETES_SERVICE_HOST";
    static final String SERVICE_PORT = "KUBERNETES_SERVICE_PORT";

    Environment {
        variables = Map.copyOf(variables);
    }

    static Environment system() {
        return new Environment(System.getenv(), SERVICE_ACCOUNT_DIR);
    }

    Optional<String> serviceHost() {
        return variable(SERVICE_HOST);
    }

    Optional<String> servicePort() {
        return variable(SERVICE_PORT);
    }

    Path tokenFile() {
        return serviceAccountDir.resolve("token");
    }

    Path caFile() {
        return serviceAccountDir.resolve("ca.crt");
    }

    Path namespaceFile() {
        return serviceAccountDir.resolve("namespace");
    }

    boolean tokenReadable() {
        return Files.isRegularFile(tokenFile()) && Files.isReadable(tokenFile());
    }

    /** The pod's own namespace as the service account mount says, if it is there. */
    Optional<String> podNamespace() {
        try {
            String ns = Files.readString(namespaceFile()).strip();
            return ns.isEmpty() ? Optional.empty() : Optional.of(ns);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Both service variables are set: the process runs in a pod (or pretends to). */
    boolean insideKubernetes() {
        return serviceHost().isPresent() && servicePort().isPresent();
    }

    /** {@code https://host:port} of the API server as the service variables give it. */
    String apiServerUrl() {
        String host = serviceHost().orElseThrow();
        return "https://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + servicePort().orElseThrow();
    }

    private Optional<String> variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
