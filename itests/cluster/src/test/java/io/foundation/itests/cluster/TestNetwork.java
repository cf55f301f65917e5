package io.foundation.itests.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's test network (scripts/testnet.sh) for one test class: namespaces named after a prefix of its
 * own, so nothing a node sends - multicast included - leaves the machine, and real partitions can be cut.
 */
final class TestNetwork implements AutoCloseable {

    private final Path script = Path.of(System.getProperty("foundation.scripts", "../../scripts"))
            .resolve("testnet.sh").toAbsolutePath();
    private final String prefix;
    private final int net;

    private TestNetwork(String prefix, int net) {
        this.prefix = prefix;
        this.net = net;
    }

    /** A single namespace with a multicast-capable loopback: several nodes "on one host". */
    static TestNetwork loopback(String prefix) {
        TestNetwork network = new TestNetwork(prefix, 0);
        network.run("down");
        network.run("local");
        return network;
    }

    /** {@code nodes} namespaces on one bridge; node i has address 198.18.net.i. */
    static TestNetwork bridged(String prefix, int net, int nodes) {
        TestNetwork network = new TestNetwork(prefix, net);
        network.run("down");
        network.run("up", Integer.toString(nodes));
        return network;
    }

    /** The namespace of node {@code i}, or of the loopback network for 0. */
    String namespace(int node) {
        return node == 0 ? prefix + "-lo" : prefix + "-" + node;
    }

    String address(int node) {
        return "198.18." + net + "." + node;
    }

    /** Drops every frame between node {@code i} and the rest, without resets: a real partition. */
    void cut(int node) {
        run("cut", Integer.toString(node));
    }

    void heal(int node) {
        run("heal", Integer.toString(node));
    }

    /** Splits the nodes into groups that talk within, not across, each given as {@code "1 2 3"}. */
    void partition(String... groups) {
        List<String> args = new ArrayList<>(List.of("partition"));
        args.addAll(List.of(groups));
        run(args.toArray(String[]::new));
    }

    /** Groups talk within, not across; nodes in no group stay together on the main bridge (one more group). */
    void partition(List<List<Integer>> groups) {
        List<String> args = new ArrayList<>(List.of("partition"));
        groups.forEach(g -> args.add(String.join(" ", g.stream().map(String::valueOf).toList())));
        run(args.toArray(String[]::new));
    }

    /** Every node back on the main bridge: heals cuts and partitions alike. */
    void healAll() {
        run("heal-all");
    }

    /** The command prefix that runs a program inside node {@code i}'s namespace. */
    List<String> inside(int node) {
        return List.of("ip", "netns", "exec", namespace(node));
    }

    @Override
    public void close() {
        run("down");
    }

    private void run(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TESTNET_PREFIX", prefix);
        builder.environment().put("TESTNET_NET", Integer.toString(net));
        try {
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("testnet.sh " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
