package io.foundation.core.internal.discovery;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Pattern;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.foundation.core.internal.settings.NodeSettings;

/**
 * Records a strategy choice made from the shell where a restart finds it: in the {@code .cfg} file the node's
 * configuration came from (edited in place, comments kept), or, for a configuration that has no file, in
 * ConfigAdmin itself.
 */
final class ConfigurationFile implements SelectionStore {

    /** The property FileInstall puts on a configuration read from a file. */
    private static final String FILE = "felix.fileinstall.filename";
    private static final Pattern CLUSTER_LINE = Pattern.compile("^\\s*cluster\\s*[=:].*$");

    private final ConfigurationAdmin admin;

    ConfigurationFile(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void saveCluster(String value) throws IOException {
        Configuration configuration = existing();
        Dictionary<String, Object> properties = configuration == null ? null : configuration.getProperties();
        Object file = properties == null ? null : properties.get(FILE);
        if (file != null) {
            rewrite(Path.of(URI.create(file.toString())), value);
            return;
        }
        if (configuration == null) {
            configuration = admin.getConfiguration(NodeSettings.PID, "?");
        }
        Dictionary<String, Object> updated = properties == null ? new Hashtable<>() : properties;
        updated.put("cluster", value);
        configuration.update(updated);
    }

    private Configuration existing() throws IOException {
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + NodeSettings.PID + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the {@code cluster} line of {@code file}, or adds one, and moves the result into place at once. */
    private static void rewrite(Path file, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        String line = "cluster = " + value;
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (CLUSTER_LINE.matcher(lines.get(i)).matches()) {
                lines.set(i, line);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add("# set from the shell at " + Instant.now());
            lines.add(line);
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, lines, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
