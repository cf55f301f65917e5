package io.foundation.itests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real DNS server for the dns strategy: dnsmasq serving only the given records, inside a test namespace. */
final class Dnsmasq implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    private final Process process;

    private Dnsmasq(Process process) {
        this.process = process;
    }

    /**
     * Starts dnsmasq on {@code 127.0.0.1:port} of {@code network}'s loopback namespace, answering for
     * {@code domain} only, with the given {@code --srv-host} and {@code --host-record} values.
     */
    static Dnsmasq start(TestNetwork network, int node, Path dir, int port, String domain, List<String> srvHosts,
                         List<String> hostRecords) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run scripts/install-test-deps.sh");
        }
        List<String> cmd = new ArrayList<>(network.inside(node));
        cmd.addAll(List.of(BINARY.toString(), "--keep-in-foreground", "--conf-file=/dev/null", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--pid-file=",
                "--user=root", "--local=/" + domain + "/"));
        srvHosts.forEach(s -> cmd.add("--srv-host=" + s));
        hostRecords.forEach(h -> cmd.add("--host-record=" + h));
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log")
                .toFile()).start();
        return new Dnsmasq(p);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
