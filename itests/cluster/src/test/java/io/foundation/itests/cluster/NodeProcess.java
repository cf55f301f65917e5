package io.foundation.itests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real node: {@code bin/foundation --headless} of the built distribution, in a namespace of the test network,
 * with its own data, configuration and deploy directories. Tests read its log, run shell commands through
 * {@code bin/foundation exec}, and kill, freeze or stop it with real signals.
 */
final class NodeProcess implements AutoCloseable {

    static final Path DISTRIBUTION = Path.of(System.getProperty("foundation.distribution",
            "../../distribution/target/foundation")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path home;
    private final List<String> inside;
    private final Map<String, String> env;
    private Process process;

    private NodeProcess(String name, Path home, List<String> inside, Map<String, String> env) {
        this.name = name;
        this.home = home;
        this.inside = inside;
        this.env = env;
    }

    /** Describes a node to start: {@code name} is also the directory under {@code workDir} that holds its state. */
    static Builder node(String name, Path workDir) {
        return new Builder(name, workDir.resolve(name));
    }

    static final class Builder {
        private final String name;
        private final Path home;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<String, String> etcFiles = new LinkedHashMap<>();
        private final List<Path> bundles = new ArrayList<>();
        private List<String> inside = List.of();

        private Builder(String name, Path home) {
            this.name = name;
            this.home = home;
        }

        Builder in(TestNetwork network, int node) {
            inside = network.inside(node);
            return this;
        }

        Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /**
         * A key of {@code etc/io.foundation.cluster.cfg}; without any, a new node's file holds only comments and a
         * restarted node keeps the file it had.
         */
        Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** Another file of {@code etc/}, such as {@code io.foundation.consensus.cfg}, written before the node starts. */
        Builder etcFile(String fileName, String text) {
            etcFiles.put(fileName, text);
            return this;
        }

        /** A bundle in {@code deploy/} before the node starts, so it starts with the node. */
        Builder deployed(Path jar) {
            bundles.add(jar);
            return this;
        }

        NodeProcess start() throws IOException {
            NodeProcess node = new NodeProcess(name, home, inside, env);
            Files.createDirectories(node.etc());
            Files.createDirectories(node.deploy());
            for (Map.Entry<String, String> file : etcFiles.entrySet()) {
                Files.writeString(node.etc().resolve(file.getKey()), file.getValue());
            }
            for (Path jar : bundles) {
                Files.copy(jar, node.deploy().resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.copy(DISTRIBUTION.resolve("etc/logback.xml"), node.etc().resolve("logback.xml"),
                    StandardCopyOption.REPLACE_EXISTING);
            // A node started again over the same directories keeps its configuration file, as a real restart does.
            if (!config.isEmpty() || !Files.exists(node.etc().resolve("io.foundation.cluster.cfg"))) {
                node.writeConfig(config);
            }
            node.launch();
            return node;
        }
    }

    String name() {
        return name;
    }

    Path data() {
        return home.resolve("data");
    }

    Path etc() {
        return home.resolve("etc");
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Replaces the node's configuration file; the running node picks it up within about a second. */
    void writeConfig(Map<String, String> config) throws IOException {
        StringBuilder text = new StringBuilder("# written by ").append(getClass().getSimpleName()).append('\n');
        config.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Path temp = etc().resolve("io.foundation.cluster.cfg.tmp");
        Files.writeString(temp, text);
        Files.move(temp, etc().resolve("io.foundation.cluster.cfg"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    List<String> logLines() {
        try {
            return Files.readAllLines(data().resolve("log/foundation.log"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<ViewLine> views() {
        return logLines().stream().map(ViewLine::parse).flatMap(Optional::stream).toList();
    }

    Optional<ViewLine> lastView() {
        List<ViewLine> views = views();
        return views.isEmpty() ? Optional.empty() : Optional.of(views.get(views.size() - 1));
    }

    /** Waits until the node's current view satisfies {@code condition}; fails with the node's views if not. */
    ViewLine awaitView(String what, Predicate<ViewLine> condition, Duration within) {
        try {
            Awaitility.await(name + ": " + what).atMost(within).pollInterval(Duration.ofMillis(50))
                    .until(() -> lastView().filter(condition).isPresent());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " never reached " + what + " within " + within + "; views: " + views()
                    + (alive() ? "" : " (the process has exited: " + process.exitValue() + ")"));
        }
        return lastView().orElseThrow();
    }

    ViewLine awaitSize(int size, Duration within) {
        return awaitView("a view of " + size, v -> v.size() == size, within);
    }

    /** Waits until a log line matches {@code regex} and returns it. */
    String awaitLog(String regex, Duration within) {
        Pattern pattern = Pattern.compile(regex);
        try {
            Awaitility.await(name + ": log " + regex).atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> logLines().stream().anyMatch(l -> pattern.matcher(l).find()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " never logged /" + regex + "/ within " + within + "; log tail: "
                    + tail(20));
        }
        return logLines().stream().filter(l -> pattern.matcher(l).find()).findFirst().orElseThrow();
    }

    String tail(int lines) {
        List<String> all = logLines();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The result of one {@code bin/foundation exec}. */
    record Exec(int status, String out, String err) {
    }

    /** Runs {@code command} in the node's shell, once its exec endpoint is up (it may start after the first view). */
    Exec exec(String command) {
        Awaitility.await(name + ": exec endpoint").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(data().resolve("exec.port")));
        return execWith(List.of("exec", "--data", data().toString(), command));
    }

    Exec execWith(List<String> args) {
        List<String> cmd = new ArrayList<>(inside);
        cmd.add(DISTRIBUTION.resolve("bin/foundation").toString());
        cmd.addAll(args);
        try {
            Path out = Files.createTempFile(home, "exec", ".out");
            Path err = Files.createTempFile(home, "exec", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("exec " + args + " on " + name + " did not return within 60s");
            }
            Exec result = new Exec(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a shell command that prints JSON and parses it; fails if the command fails. */
    JsonNode json(String command) {
        Exec result = exec(command);
        if (result.status() != 0) {
            throw new AssertionError(name + ": '" + command + "' failed (" + result.status() + "): " + result.err());
        }
        try {
            return JSON.readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError(name + ": '" + command + "' printed no JSON: " + result.out(), e);
        }
    }

    void kill9() throws InterruptedException {
        signal("KILL");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived kill -9");
        }
    }

    void freeze() {
        signal("STOP");
    }

    void thaw() {
        signal("CONT");
    }

    /** Freezes the node for {@code duration} with SIGSTOP and resumes it with SIGCONT, timed by the shell. */
    void pause(Duration duration) throws IOException, InterruptedException {
        String seconds = String.format(java.util.Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
        Process p = new ProcessBuilder("bash", "-c", "kill -STOP $0 && sleep " + seconds + " && kill -CONT $0",
                Long.toString(process.pid())).start();
        if (!p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            signal("CONT");
            throw new AssertionError("pausing " + name + " failed");
        }
    }

    /** A clean stop, as an operator's SIGTERM: the node leaves the cluster gracefully. */
    void terminate() throws InterruptedException {
        signal("TERM");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not stop within 60s of SIGTERM");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            signal("CONT");
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(inside);
        cmd.addAll(List.of(DISTRIBUTION.resolve("bin/foundation").toString(), "--headless", "--name", name,
                "--data", data().toString(), "--etc", etc().toString(), "--deploy", deploy().toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FOUNDATION_"));
        // The local strategy's directory lives under java.io.tmpdir: one per test run keeps runs apart.
        builder.environment().put("FOUNDATION_JAVA_OPTS", "-Djava.io.tmpdir=" + home.getParent().resolve("tmp"));
        Files.createDirectories(home.getParent().resolve("tmp"));
        builder.environment().putAll(env);
        process = builder.start();
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
