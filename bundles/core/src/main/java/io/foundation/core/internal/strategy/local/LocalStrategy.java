package io.foundation.core.internal.strategy.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.core.internal.settings.NodeSettings;
import io.foundation.settings.Overrides;
import io.foundation.settings.SettingsReader;

/**
 * {@code local}: nodes on the same host find each other through a directory per cluster ({@code local.directory},
 * by default under the temp directory, one per OS user) in which each node keeps a file with its address. The
 * node holds an OS lock on its file for as long as it lives, so a file whose lock can be taken belongs to a dead
 * node and is removed. Needs no network configuration and works where multicast does not.
 */
@Component(service = ClusterStrategy.class, configurationPid = NodeSettings.PID)
public final class LocalStrategy implements ClusterStrategy {

    private static final String KEY = "local.directory";
    private static final String SUFFIX = ".seed";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Logger LOG = LoggerFactory.getLogger(LocalStrategy.class);

    private final Overrides overrides;
    private volatile Path root;
    private Advertisement advertised;

    /** The file this node holds while it is advertised, with the lock that marks it alive. */
    private record Advertisement(String cluster, Member self, Path file, FileChannel channel, FileLock lock) {
    }

    @Activate
    public LocalStrategy(BundleContext context, Map<String, Object> config) {
        this(Overrides.of(context), config);
    }

    LocalStrategy(Overrides overrides, Map<String, Object> config) {
        this.overrides = overrides;
        this.root = read(config);
    }

    @Modified
    synchronized void modified(Map<String, Object> config) {
        Path next = read(config);
        if (!next.equals(root)) {
            release();
            root = next;
        }
    }

    private Path read(Map<String, Object> config) {
        String fallback = Path.of(System.getProperty("java.io.tmpdir"),
                "foundation-local-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"))
                .toString();
        return Path.of(new SettingsReader(overrides.apply(config, List.of(KEY))).text(KEY, fallback));
    }

    @Deactivate
    synchronized void deactivate() {
        release();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public synchronized void advertise(String cluster, Member self) throws IOException {
        if (advertised != null && advertised.cluster.equals(cluster) && advertised.self.equals(self)
                && Files.exists(advertised.file)) {
            return;
        }
        release();
        Path directory = directoryOf(cluster);
        Files.createDirectories(directory);
        Path file = directory.resolve(self.id() + SUFFIX);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IOException(file + " is held by another live process with the same node id");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Seed.of(self.address().getAddress().getHostAddress(), self.address().getPort())
                    .toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            advertised = new Advertisement(cluster, self, file, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public synchronized void withdraw(String cluster, Member self) {
        release();
    }

    @Override
    public Collection<Seed> seeds(String cluster) throws IOException {
        Path directory = directoryOf(cluster);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        Path own = ownFile();
        List<Seed> seeds = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                if (!file.equals(own)) {
                    readLive(file).ifPresent(seeds::add);
                }
            }
        }
        return seeds;
    }

    private synchronized Path ownFile() {
        return advertised == null ? null : advertised.file;
    }

    /**
     * The seed in {@code file} if its node is alive; removes the file of a dead node. Never called for this node's
     * own file: closing any descriptor of a file drops the POSIX locks this process holds on it. For the same
     * reason one JVM runs one node.
     */
    private Optional<Seed> readLive(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                probe = null;
            }
            if (probe != null) {
                Files.deleteIfExists(file);
                probe.release();
                LOG.debug("Removed {}: its node is gone", file);
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Seed.parse(text));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Skipping {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private Path directoryOf(String cluster) {
        if (!SAFE.matcher(cluster).matches()) {
            throw new IllegalArgumentException("cluster name '" + cluster + "' cannot name a directory");
        }
        return root.resolve(cluster);
    }

    private void release() {
        if (advertised == null) {
            return;
        }
        try {
            Files.deleteIfExists(advertised.file);
            advertised.lock.release();
            advertised.channel.close();
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", advertised.file, e.toString());
        }
        advertised = null;
    }
}
