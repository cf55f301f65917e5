package io.foundation.itests.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stand-in server (the Kubernetes API, a Consul agent) run from its jar as a process inside a namespace of the
 * test network, next to the nodes. It announces itself with one line, {@code ready <url>}.
 */
final class FakeServer implements AutoCloseable {

    private final Process process;
    private final String url;

    private FakeServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static FakeServer start(TestNetwork network, int node, String jarProperty, Path log, String... args)
            throws IOException, InterruptedException {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !Path.of(jar).toFile().isFile()) {
            throw new IllegalStateException("no jar at " + jar + " (" + jarProperty + "): build the itests fakes");
        }
        List<String> cmd = new ArrayList<>(network.inside(node));
        cmd.addAll(List.of("java", "-jar", jar));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("ready ")) {
                        return line.substring("ready ".length()).strip();
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String url = ready.get(60, TimeUnit.SECONDS);
            if (url == null) {
                throw new IllegalStateException(jar + " exited before it was ready; see " + log);
            }
            return new FakeServer(p, url);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            throw new IllegalStateException(jar + " was not ready within 60s; see " + log, e);
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
