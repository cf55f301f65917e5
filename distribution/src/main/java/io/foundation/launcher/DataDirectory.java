package io.foundation.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A node's data directory, owned by exactly one running node: the node holds an OS lock on {@code node.lock} for
 * its whole life, so a second node pointed at the same directory stops with a clear message. The directory is
 * private to the OS user, which is what keeps the exec token secret.
 */
final class DataDirectory {

    private final FileChannel lockFile;
    private final FileLock lock;

    private DataDirectory(FileChannel lockFile, FileLock lock) {
        this.lockFile = lockFile;
        this.lock = lock;
    }

    static DataDirectory claim(Path directory) throws IOException {
        Files.createDirectories(directory);
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the exec token is then protected only by the directory's own permissions
        }
        Path file = directory.resolve("node.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IOException("data directory " + directory + " is in use by another node (pid " + owner
                    + "); give this node its own --name or --data");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        return new DataDirectory(channel, lock);
    }

    void release() throws IOException {
        lock.release();
        lockFile.close();
    }
}
