package io.foundation.itests.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The standard mDNS tools inside one namespace of the test network: avahi-daemon restricted to that namespace's
 * eth0, on a private D-Bus system bus of its own (a dbus-daemon with its own configuration and socket), which
 * avahi-browse and avahi-publish reach through {@code DBUS_SYSTEM_BUS_ADDRESS}. Nothing touches the machine's bus,
 * its interfaces or its /run: the daemon gets a private tmpfs /run in a mount namespace of its own.
 *
 * <p>Avahi is installed with {@code scripts/install-test-deps.sh --with-mdns} when missing. A daemon that cannot
 * start fails the test with what it printed; it is never skipped.
 */
final class Avahi implements AutoCloseable {

    private static final Path SCRIPTS = Path.of(System.getProperty("foundation.scripts", "../../scripts"))
            .toAbsolutePath().normalize();
    private static final List<String> TOOLS = List.of("avahi-daemon", "avahi-browse", "avahi-publish",
            "dbus-daemon");
    private static final Duration START = Duration.ofSeconds(30);
    /** avahi-browse -p writes {@code \032} for a space and other special bytes. */
    private static final Pattern ESCAPE = Pattern.compile("\\\\(\\d{3})");
    /** One quoted string of a TXT record as avahi-browse -p prints it: {@code "a=1" "b=2"}. */
    private static final Pattern TXT_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final TestNetwork network;
    private final int node;
    /** Short, because a unix socket path holds at most 107 bytes. */
    private final Path dir;
    private final Deque<Process> processes = new ArrayDeque<>();
    private String busAddress;

    private Avahi(TestNetwork network, int node, Path dir) {
        this.network = network;
        this.node = node;
        this.dir = dir;
    }

    /** A private bus and an avahi-daemon in node {@code node}'s namespace, both running when this returns. */
    static Avahi start(TestNetwork network, int node) throws IOException, InterruptedException {
        install();
        Avahi avahi = new Avahi(network, node, Files.createTempDirectory("fdn-avahi"));
        try {
            avahi.startBus();
            avahi.startDaemon();
        } catch (IOException | RuntimeException | Error e) {
            avahi.close();
            throw e;
        }
        return avahi;
    }

    /** One service instance as {@code avahi-browse -rpt} resolves it. */
    record Resolved(String instance, String type, String host, String address, int port, List<String> txt) {
    }

    /** Every instance of {@code type} (such as {@code _foundation._tcp}) that avahi resolves now. */
    List<Resolved> browse(String type) {
        String out = run(List.of("avahi-browse", "--resolve", "--parsable", "--terminate", "--no-db-lookup", type));
        List<Resolved> found = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split(";", 10);
            if (f.length == 10 && f[0].equals("=")) {
                found.add(new Resolved(unescape(f[3]), f[4], f[6], f[7], Integer.parseInt(f[8]), txt(f[9])));
            }
        }
        return found;
    }

    /**
     * Publishes a service with {@code avahi-publish -s} until the returned handle is closed, which withdraws it the
     * way avahi does when its client goes.
     */
    AutoCloseable publish(String name, String type, int port, String... txt) {
        List<String> command = new ArrayList<>(List.of("avahi-publish", "-s", name, type, Integer.toString(port)));
        command.addAll(Arrays.asList(txt));
        Process p = launch(command);
        awaitLine(p, Output.of(p), "Established under name", "avahi-publish " + name);
        return () -> stop(p);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        while (!processes.isEmpty()) {
            stop(processes.pop());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void install() throws IOException, InterruptedException {
        if (TOOLS.stream().allMatch(Avahi::onPath)) {
            return;
        }
        Process p = new ProcessBuilder("bash", SCRIPTS.resolve("install-test-deps.sh").toString(), "--with-mdns")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !TOOLS.stream().allMatch(Avahi::onPath)) {
            throw new IllegalStateException("avahi could not be installed with install-test-deps.sh --with-mdns: "
                    + out);
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/sbin", "/sbin"})
                .flatMap(Arrays::stream).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private void startBus() throws IOException {
        Path socket = dir.resolve("bus");
        Path config = dir.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>system</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow user="*"/>
                    <allow own="*"/>
                    <allow send_type="method_call"/>
                    <allow send_type="signal"/>
                    <allow send_type="method_return"/>
                    <allow send_type="error"/>
                    <allow receive_type="method_call"/>
                    <allow receive_type="signal"/>
                    <allow receive_type="method_return"/>
                    <allow receive_type="error"/>
                  </policy>
                </busconfig>
                """.formatted(socket));
        Process bus = launch(List.of("dbus-daemon", "--config-file=" + config, "--nofork", "--nopidfile",
                "--print-address"));
        busAddress = awaitLine(bus, Output.of(bus), "unix:path=", "dbus-daemon").strip();
    }

    private void startDaemon() throws IOException {
        Path config = dir.resolve("avahi-daemon.conf");
        Files.writeString(config, """
                [server]
                host-name=fdn-avahi-%d
                use-ipv4=yes
                use-ipv6=no
                allow-interfaces=eth0
                enable-dbus=yes
                disallow-other-stacks=no
                [wide-area]
                enable-wide-area=no
                [publish]
                publish-hinfo=no
                publish-workstation=no
                publish-aaaa-on-ipv4=no
                [reflector]
                enable-reflector=no
                [rlimits]
                """.formatted(node));
        // avahi-daemon keeps its pid file and socket under /run/avahi-daemon: give it a /run of its own.
        Process daemon = launch(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs fdn-avahi /run && exec avahi-daemon --file=\"$0\" --no-chroot --no-drop-root "
                        + "--no-rlimits --no-proc-title", config.toString()));
        awaitLine(daemon, Output.of(daemon), "Server startup complete", "avahi-daemon");
    }

    private Process launch(List<String> command) {
        List<String> full = new ArrayList<>(network.inside(node));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full);
        if (busAddress != null) {
            builder.environment().put("DBUS_SYSTEM_BUS_ADDRESS", busAddress);
        }
        try {
            Process p = builder.start();
            processes.push(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    private String run(List<String> command) {
        Process p = launch(command);
        Output output = Output.of(p);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output.text());
            }
            processes.remove(p);
            return output.text();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a line containing {@code text}; fails with everything the process printed if it exits first. */
    private static String awaitLine(Process p, Output output, String text, String what) {
        try {
            Awaitility.await(what + " prints '" + text + "'").atMost(START).pollInterval(Duration.ofMillis(50))
                    .until(() -> output.line(text).isPresent() || !p.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " did not start within " + START + ": " + output.lines);
        }
        return output.line(text).orElseThrow(() -> new AssertionError(what + " could not start (exit "
                + exitOf(p) + "): " + output.text()));
    }

    private static String exitOf(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** What a process prints on standard output and error, line by line as it comes. */
    private record Output(List<String> lines, List<Thread> readers) {

        static Output of(Process p) {
            Output output = new Output(new CopyOnWriteArrayList<>(), new ArrayList<>());
            output.read(p.getInputStream());
            output.read(p.getErrorStream());
            return output;
        }

        Optional<String> line(String containing) {
            return lines.stream().filter(l -> l.contains(containing)).findFirst();
        }

        /** Everything printed, once the process has closed its output (it has exited). */
        String text() {
            for (Thread reader : readers) {
                try {
                    reader.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return String.join("\n", lines);
        }

        private void read(InputStream stream) {
            Thread t = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output unreadable: " + e.getMessage() + ")");
                }
            }, "avahi-output");
            t.setDaemon(true);
            t.start();
            readers.add(t);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String unescape(String text) {
        Matcher m = ESCAPE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> txt(String field) {
        List<String> entries = new ArrayList<>();
        Matcher m = TXT_STRING.matcher(field);
        while (m.find()) {
            entries.add(m.group(1));
        }
        return entries;
    }
}
