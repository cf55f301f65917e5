package io.foundation.strategy.mdns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's test network (scripts/testnet.sh) under a prefix of this module's own: namespaces on one bridge, or
 * one namespace with a multicast-capable loopback. Nothing sent inside reaches a real interface.
 */
final class TestNet implements AutoCloseable {

    private final Path script = Path.of(System.getProperty("foundation.scripts", "../../scripts"))
            .resolve("testnet.sh").toAbsolutePath();
    private final String prefix;
    private final int net;

    private TestNet(String prefix, int net) {
        this.prefix = prefix;
        this.net = net;
    }

    /** {@code nodes} namespaces on one bridge; node i has address 198.18.net.i on eth0. */
    static TestNet bridged(String prefix, int net, int nodes) {
        TestNet network = new TestNet(prefix, net);
        network.testnet("down");
        network.testnet("up", Integer.toString(nodes));
        return network;
    }

    /** One namespace whose loopback carries multicast: several processes "on one host". */
    static TestNet loopback(String prefix) {
        TestNet network = new TestNet(prefix, 0);
        network.testnet("down");
        network.testnet("local");
        return network;
    }

    /** The namespace of node {@code i}, or of the loopback network for 0. */
    String namespace(int node) {
        return node == 0 ? prefix + "-lo" : prefix + "-" + node;
    }

    String address(int node) {
        return "198.18." + net + "." + node;
    }

    /** Runs {@code command} inside node {@code i}'s namespace and returns what it printed; fails if it fails. */
    String exec(int node, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        full.addAll(List.of(command));
        return run(full, String.join(" ", command));
    }

    @Override
    public void close() {
        testnet("down");
    }

    private void testnet(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        run(command, "testnet.sh " + String.join(" ", args));
    }

    private String run(List<String> command, String what) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TESTNET_PREFIX", prefix);
        builder.environment().put("TESTNET_NET", Integer.toString(net));
        try {
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
