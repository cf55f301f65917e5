package com.example.strategy.etcd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real etcd server from Debian's {@code etcd-server} package, started by a test: a cluster of one listening on
 * 127.0.0.1 only, on random free ports, with a data directory of its own. {@link #ctl} runs Debian's
 * {@code etcdctl} against it, so tests check what is in etcd with a client other than the one under test.
 */
final class EtcdServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration STOP = Duration.ofSeconds(10);
    private static final String INSTALL = "run scripts/install-test-deps.sh --with-etcd (as root) to install "
            + "Debian's etcd-server and etcd-client";

    private final Path directory;
    private final Path log;
    private int clientPort;
    private int peerPort;
    private Process process;

    private EtcdServer(Path directory) {
        this.directory = directory;
        this.log = directory.resolve("etcd.log");
    }

    /** Starts etcd with its data in {@code directory}; fails, naming the fix, if etcd is not installed. */
    static EtcdServer start(Path directory) throws IOException {
        Files.createDirectories(directory);
        EtcdServer server = new EtcdServer(directory);
        server.startOnFreePorts();
        return server;
    }

    /** The client URL, for example {@code http://127.0.0.1:41234}. */
    String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** Stops the server; its data stays, so {@link #restart()} brings the same keys and leases back. */
    void stop() throws IOException {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while stopping etcd", e);
        }
        process = null;
    }

    /** Starts the stopped server again on the same ports with the same data. */
    void restart() throws IOException {
        if (!launch()) {
            throw new IllegalStateException("etcd did not come back on port " + clientPort + ": " + logTail());
        }
    }

    /** Runs {@code etcdctl} (API v3) against this server and returns what it printed; fails if it fails. */
    String ctl(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary("etcdctl").toString(), "--endpoints=" + endpoint(),
                "--command-timeout=5s"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
        builder.environment().put("ETCDCTL_API", "3");
        Process ctl = builder.start();
        try {
            byte[] out = ctl.getInputStream().readAllBytes();
            if (!ctl.waitFor(10, TimeUnit.SECONDS) || ctl.exitValue() != 0) {
                ctl.destroyForcibly();
                throw new IllegalStateException("etcdctl " + arguments[0] + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctl.destroyForcibly();
            throw new IOException("interrupted while running etcdctl", e);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void startOnFreePorts() throws IOException {
        for (int attempt = 1; attempt <= 3; attempt++) {
            clientPort = freePort();
            peerPort = freePort();
            if (launch()) {
                return;
            }
            if (!logTail().contains("address already in use")) {
                break;
            }
        }
        throw new IllegalStateException("etcd did not start: " + logTail());
    }

    /** Starts the process and waits for it to report healthy; false if it exits first or never does. */
    private boolean launch() throws IOException {
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        ProcessBuilder builder = new ProcessBuilder(binary("etcd").toString(),
                "--name", "default",
                "--data-dir", directory.resolve("data").toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "default=" + peer)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // etcd reads ETCD_* variables as flags: none of the caller's may reach it.
        builder.environment().keySet().removeIf(k -> k.startsWith("ETCD"));
        process = builder.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(client + "/health"))
                .timeout(Duration.ofMillis(500)).build();
        try {
            Awaitility.await("etcd healthy on " + client).atMost(STARTUP).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> !process.isAlive()
                            || http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("\"true\""));
        } catch (ConditionTimeoutException e) {
            stop();
            return false;
        }
        if (!process.isAlive()) {
            process = null;
            return false;
        }
        return true;
    }

    private String logTail() throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
        try (Stream<String> dirs = Stream.of(path.split(":"))) {
            return dirs.filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException(name + " is not installed: " + INSTALL));
        }
    }
}
