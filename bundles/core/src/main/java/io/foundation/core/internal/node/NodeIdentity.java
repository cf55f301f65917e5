package io.foundation.core.internal.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The node's stable id: created once and kept in the data directory so it survives restarts. */
final class NodeIdentity {

    private static final String FILE = "node.id";

    private NodeIdentity() {
    }

    static String loadOrCreate(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            try {
                return UUID.fromString(id).toString();
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " does not hold a node id (a UUID); delete it to get a new id", e);
            }
        }
        Files.createDirectories(dataDirectory);
        String id = UUID.randomUUID().toString();
        Path temp = Files.createTempFile(dataDirectory, FILE, ".tmp");
        Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}
