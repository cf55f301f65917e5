package io.foundation.bench.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One running node: its process, and the events read from its stdout by a reader thread.
 * Waiting is always on a condition with a deadline (monitor wait, woken by each new event).
 */
final class NodeProcess {

    final String name;
    final int port;
    final long launchedAt;
    private final Process process;
    private final Reaper reaper;
    private final List<NodeEvent> events = new ArrayList<>();
    private boolean outputClosed;

    private NodeProcess(String name, int port, long launchedAt, Process process, Reaper reaper) {
        this.name = name;
        this.port = port;
        this.launchedAt = launchedAt;
        this.process = process;
        this.reaper = reaper;
    }

    static NodeProcess start(String name, int port, List<String> command, java.util.Map<String, String> env,
                             Testnet testnet, Contender contender, Path stderr, Reaper reaper) {
        ProcessBuilder pb = testnet.environment(new ProcessBuilder(command));
        pb.environment().putAll(env);
        pb.redirectError(stderr.toFile());
        long launchedAt = System.currentTimeMillis();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
        reaper.track(p.toHandle());
        NodeProcess node = new NodeProcess(name, port, launchedAt, p, reaper);
        Thread reader = new Thread(() -> node.read(contender), "stdout-" + name);
        reader.setDaemon(true);
        reader.start();
        return node;
    }

    private void read(Contender contender) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Optional<NodeEvent> e = contender.parse(line);
                if (e.isPresent()) {
                    synchronized (this) {
                        events.add(e.get());
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the process went away; fall through
        }
        synchronized (this) {
            outputClosed = true;
            notifyAll();
        }
    }

    long pid() {
        return process.pid();
    }

    /** The JVM's pid: the launched process if it is java, else its first java descendant. */
    long jvmPid() {
        ProcessHandle self = process.toHandle();
        if (isJava(self)) {
            return self.pid();
        }
        return self.descendants().filter(NodeProcess::isJava).findFirst().map(ProcessHandle::pid).orElse(self.pid());
    }

    private static boolean isJava(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    synchronized int mark() {
        return events.size();
    }

    synchronized List<NodeEvent> events() {
        return List.copyOf(events);
    }

    synchronized Optional<NodeEvent> latestView() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).isView()) {
                return Optional.of(events.get(i));
            }
        }
        return Optional.empty();
    }

    synchronized boolean terminated() {
        return events.stream().anyMatch(e -> e.kind() == NodeEvent.Kind.TERMINATED);
    }

    /** The first event at or after index {@code from} that matches, waiting until the deadline (epoch ms). */
    synchronized Optional<NodeEvent> await(int from, Predicate<NodeEvent> p, long deadline) throws InterruptedException {
        int next = from;
        while (true) {
            for (; next < events.size(); next++) {
                if (p.test(events.get(next))) {
                    return Optional.of(events.get(next));
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || outputClosed) {
                return Optional.empty();
            }
            wait(left);
        }
    }

    /** Waits until the whole history satisfies a condition, or the deadline passes. */
    synchronized boolean awaitState(Predicate<List<NodeEvent>> p, long deadline) throws InterruptedException {
        while (!p.test(events)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || outputClosed) {
                return p.test(events);
            }
            wait(left);
        }
        return true;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Sends a signal (e.g. "STOP") to the node and its descendants with kill(1), bounded. */
    void signal(String signal) {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(process.pid())));
        process.toHandle().descendants().forEach(h -> cmd.add(Long.toString(h.pid())));
        try {
            Process k = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!k.waitFor(10, TimeUnit.SECONDS)) {
                k.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " timed out");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** kill -9 of the node (and anything it started), waiting until it is gone. */
    void kill() {
        Reaper.kill(process.toHandle());
        reaper.release(process.toHandle());
    }
}
