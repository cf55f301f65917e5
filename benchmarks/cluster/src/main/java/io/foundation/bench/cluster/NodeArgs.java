package io.foundation.bench.cluster;

import java.util.Arrays;
import java.util.List;

/**
 * What every peer node main is told: its name, where to bind, its seeds and the cluster name.
 * {@code --name n1 --bind 127.0.0.1 --port 7800 --seeds 127.0.0.1:7800,127.0.0.1:7801 --cluster c}
 */
public record NodeArgs(String name, String bind, int port, List<String> seeds, String cluster) {

    public static NodeArgs parse(String[] args) {
        String name = null;
        String bind = "127.0.0.1";
        int port = -1;
        List<String> seeds = List.of();
        String cluster = "bench";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--name" -> name = v;
                case "--bind" -> bind = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--seeds" -> seeds = v.isBlank() ? List.of() : Arrays.asList(v.split(","));
                case "--cluster" -> cluster = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (name == null || port < 0) {
            throw new IllegalArgumentException("--name and --port are required");
        }
        return new NodeArgs(name, bind, port, seeds, cluster);
    }

    public List<String> toArgs() {
        return List.of("--name", name, "--bind", bind, "--port", Integer.toString(port),
                "--seeds", String.join(",", seeds), "--cluster", cluster);
    }

    /** Blocks the main thread for the life of the process; the harness ends it with a signal. */
    static void parkForever() throws InterruptedException {
        Object never = new Object();
        synchronized (never) {
            while (true) {
                never.wait();
            }
        }
    }
}
