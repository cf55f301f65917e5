package io.foundation.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's test network (scripts/testnet.sh): every node runs inside a network
 * namespace, so nothing the engines send (JGroups' diagnostics socket joins a multicast
 * group on every interface, Hazelcast would phone home) can leave the machine.
 */
final class Testnet {

    private final Path script;
    private final String prefix;
    private final int net;

    Testnet(Path script, String prefix, int net) {
        this.script = script;
        this.prefix = prefix;
        this.net = net;
    }

    String address(int node) {
        return "198.18." + net + "." + node;
    }

    /** A single namespace with only loopback: every node on 127.0.0.1, isolated from the host. */
    void local() {
        run("local");
    }

    void up(int nodes) {
        run("up", Integer.toString(nodes));
    }

    void cut(int node) {
        run("cut", Integer.toString(node));
    }

    void heal(int node) {
        run("heal", Integer.toString(node));
    }

    void down() {
        run("down");
    }

    /** The command prefix that runs something inside node {@code target}'s namespace ("lo" for loopback). */
    List<String> exec(String target) {
        return List.of(script.toString(), "exec", target);
    }

    ProcessBuilder environment(ProcessBuilder pb) {
        pb.environment().put("TESTNET_PREFIX", prefix);
        pb.environment().put("TESTNET_NET", Integer.toString(net));
        return pb;
    }

    private void run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        Path log = null;
        try {
            log = Files.createTempFile("testnet", ".out");
            Process p = environment(new ProcessBuilder(cmd)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            boolean done = p.waitFor(90, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (!done) {
                p.destroyForcibly();
                throw new IllegalStateException("testnet " + String.join(" ", args) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("testnet " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }
}
