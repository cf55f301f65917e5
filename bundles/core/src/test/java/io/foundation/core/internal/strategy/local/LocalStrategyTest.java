package io.foundation.core.internal.strategy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.settings.Overrides;

class LocalStrategyTest {

    private static final Overrides NONE = new Overrides(Map.of(), key -> null);

    @TempDir
    Path root;

    private LocalStrategy strategy() {
        return new LocalStrategy(NONE, Map.of("local.directory", root.toString()));
    }

    private static Member member(String id, int port) {
        return new Member(id, "n-" + id, new InetSocketAddress("127.0.0.1", port), Map.of(), 0);
    }

    @Test
    void advertisedNodesOfTheSameClusterAreSeedsAndOthersAreNot() throws Exception {
        LocalStrategy a = strategy();
        Path file = root.resolve("prod").resolve("id-b.seed");
        Files.createDirectories(file.getParent());
        try (HeldFile held = HeldFile.hold(file, "127.0.0.1:7802")) {
            a.advertise("prod", member("id-a", 7801));
            assertThat(a.seeds("prod")).containsExactly(Seed.of("127.0.0.1", 7802));
            assertThat(a.seeds("staging")).isEmpty();
            assertThat(root.resolve("prod").resolve("id-a.seed")).hasContent("127.0.0.1:7801");
        }
        a.withdraw("prod", member("id-a", 7801));
        assertThat(root.resolve("prod").resolve("id-a.seed")).doesNotExist();
    }

    @Test
    void theFileOfANodeKilledWithSigkillIsRemoved() throws Exception {
        LocalStrategy a = strategy();
        Path file = root.resolve("prod").resolve("id-dead.seed");
        Files.createDirectories(file.getParent());
        HeldFile held = HeldFile.hold(file, "127.0.0.1:7809");
        assertThat(a.seeds("prod")).containsExactly(Seed.of("127.0.0.1", 7809));

        held.kill();

        assertThat(a.seeds("prod")).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void garbageInTheDirectoryIsSkipped() throws Exception {
        LocalStrategy a = strategy();
        Files.createDirectories(root.resolve("prod"));
        try (HeldFile held = HeldFile.hold(root.resolve("prod").resolve("id-x.seed"), "not a seed:port")) {
            assertThat(a.seeds("prod")).isEmpty();
        }
    }

    /**
     * Another process holding the OS lock on a seed file, as a live node does. The lock must come from another
     * process: within one JVM a second channel on the file would not see it.
     */
    private static final class HeldFile implements AutoCloseable {
        private final Process process;

        private HeldFile(Process process) {
            this.process = process;
        }

        static HeldFile hold(Path file, String content) throws Exception {
            Files.writeString(file, content);
            Path source = Files.createTempFile("Holder", ".java");
            Files.writeString(source, """
                    import java.nio.channels.FileChannel;
                    import java.nio.file.*;
                    public class Holder {
                        public static void main(String[] args) throws Exception {
                            FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
                                    StandardOpenOption.WRITE);
                            channel.lock();
                            System.out.println("locked");
                            System.in.read();
                        }
                    }
                    """);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), source.toString(), file.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"locked".equals(line)) {
                p.destroyForcibly();
                throw new IllegalStateException("lock holder failed: " + line);
            }
            return new HeldFile(p);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("lock holder did not die");
            }
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
