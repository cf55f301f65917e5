package io.foundation.strategy.mdns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link MdnsPeer} JVM started with {@code ip netns exec} inside one namespace of the test network, driven
 * through its standard input; its log (standard error) goes to a file the test reads.
 */
final class PeerProcess implements AutoCloseable {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Failsafe starts the test JVM from a manifest-only jar and names the real class path here. */
    private static final String CLASSPATH = System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path"));

    private final String name;
    private final Process process;
    private final PrintWriter input;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.input = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "peer-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts peer {@code name} in {@code namespace} with extra environment {@code env} (FOUNDATION_MDNS_*). */
    static PeerProcess start(String name, String namespace, Map<String, String> env, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> command = List.of("ip", "netns", "exec", namespace, JAVA, "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-D" + MdnsPeer.STARTER_NAMESPACE + "=" + MdnsPeer.networkNamespace(),
                "-cp", CLASSPATH, MdnsPeer.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FOUNDATION_"));
        builder.environment().putAll(env);
        return new PeerProcess(name, builder.start(), log);
    }

    void advertise(String cluster, String id, String host, int port) {
        expectOk(call("advertise " + cluster + " " + id + " " + name + " " + host + " " + port));
    }

    /** The peer's seeds for {@code cluster}, as {@code host:port}, sorted. */
    List<String> seeds(String cluster) {
        String answer = call("seeds " + cluster);
        if (!answer.startsWith("seeds")) {
            throw new AssertionError(name + ": seeds " + cluster + " answered " + answer);
        }
        String list = answer.substring("seeds".length()).strip();
        return list.isEmpty() ? List.of() : Arrays.asList(list.split(" "));
    }

    void withdraw(String cluster) {
        expectOk(call("withdraw " + cluster));
    }

    /** Hands the strategy a new configuration of {@code key=value} entries, as ConfigAdmin would. */
    void configure(String... entries) {
        expectOk(call(String.join(" ", "configure", String.join(" ", entries)).strip()));
    }

    /** Registers a raw service under the Foundation type from {@code host}, TXT entries as {@code key=value}. */
    void publish(String host, int port, String instance, String... txt) {
        expectOk(call(String.join(" ", "publish", host, Integer.toString(port), instance, String.join(" ", txt))
                .strip()));
    }

    /** The peer's log lines so far. */
    List<String> log() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String call(String command) {
        input.println(command);
        try {
            String answer = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (answer == null && System.nanoTime() < until && (process.isAlive() || !answers.isEmpty())) {
                answer = answers.poll(100, TimeUnit.MILLISECONDS);
            }
            if (answer == null) {
                throw new AssertionError(name + ": no answer to '" + command + "' within 30s"
                        + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + "; log: " + log());
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the strategy as a node would (goodbyes included), then the JVM; kills it if it does not go. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            input.println("stop");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void expectOk(String answer) {
        if (!answer.equals("ok")) {
            throw new AssertionError(name + ": " + answer + "; log: " + log());
        }
    }

    private void readAnswers() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                answers.add(line);
            }
        } catch (IOException e) {
            answers.add("error reading the peer's output: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
