package io.foundation.strategy.k8s;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Turns what the Fabric8 client throws into one line an operator can act on: which permission is missing, which
 * server did not answer, which credentials were refused.
 */
final class Failures {

    /** The RBAC rule this strategy needs, quoted in every permission error. */
    static final String RBAC_HINT = "RBAC: grant get, list, watch on pods; see the strategy-k8s README";

    /** Kubernetes' own wording: {@code User "x" cannot list resource "pods" in API group "" in the namespace "y"}. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "User \"([^\"]*)\" cannot (\\w+) resource \"([^\"]+)\"(?: in API group \"[^\"]*\")?"
                    + "(?: in the namespace \"([^\"]*)\")?");

    private Failures() {
    }

    /**
     * @param verb      what was asked: {@code list} or {@code watch}
     * @param namespace where
     * @param server    the API server's URL
     * @param identity  who asked, as an operator knows it: "the node's service account" or "the kubeconfig's user"
     */
    static String describe(Throwable error, String verb, String namespace, String server, String identity) {
        KubernetesClientException k = find(error, KubernetesClientException.class);
        int code = k == null ? 0 : k.getCode();
        String serverMessage = k == null ? null : Optional.ofNullable(k.getStatus()).map(Status::getMessage)
                .filter(m -> !m.isBlank()).orElse(null);
        if (code == 403) {
            String user = null;
            String resource = "pods";
            String ns = namespace;
            if (serverMessage != null) {
                Matcher m = FORBIDDEN.matcher(serverMessage);
                if (m.find()) {
                    user = m.group(1);
                    verb = m.group(2);
                    resource = m.group(3);
                    ns = m.group(4) == null ? ns : m.group(4);
                }
            }
            return "forbidden: " + identity + (user == null || user.isEmpty() ? "" : " (" + user + ")") + " lacks '"
                    + verb + " " + resource + "' in namespace '" + ns + "' (" + RBAC_HINT + ")";
        }
        if (code == 401) {
            return "unauthorized: the API server at " + server + " refused the credentials of " + identity
                    + (serverMessage == null ? "" : " (" + serverMessage + ")")
                    + "; an expired or missing token is the usual cause";
        }
        if (code == 404) {
            return "not found: " + verb + " pods in namespace '" + namespace + "' at " + server + " answered 404"
                    + (serverMessage == null ? "" : " (" + serverMessage + ")");
        }
        if (code >= 400) {
            return "the API server at " + server + " answered " + code + " to '" + verb + " pods' in namespace '"
                    + namespace + "'" + (serverMessage == null ? "" : ": " + serverMessage);
        }
        Throwable network = firstNetworkCause(error);
        if (network != null) {
            return "the API server at " + server + " is unreachable (" + describeNetwork(network) + ")";
        }
        return "'" + verb + " pods' in namespace '" + namespace + "' at " + server + " failed: " + rootMessage(error);
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + message;
    }

    private static Throwable firstNetworkCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpTimeoutException || t instanceof TimeoutException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SSLException) {
                return t;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return null;
    }

    private static String describeNetwork(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
            return "no answer in time";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof SSLException) {
            return "TLS failed: " + t.getMessage();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
