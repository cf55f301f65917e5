package io.foundation.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;

/**
 * How a node's OSGi framework is set up: its properties, the packages the launcher's class path lends to bundles,
 * and the order in which {@code bundle/} starts. Public so that the in-framework tests boot the shipped bundle set
 * exactly as a node does.
 */
public final class Platform {

    /** The console shell; a headless node leaves it stopped and is administered through {@code exec} instead. */
    public static final String INTERACTIVE_SHELL = "org.apache.felix.gogo.jline";

    private Platform() {
    }

    /**
     * The framework properties of a node, apart from where the framework keeps its cache.
     *
     * @param nodeName the {@code --name} given, or null to let the node use its configuration or the host name
     */
    public static Map<String, String> frameworkProperties(Path home, Path data, Path etc, Path deploy,
                                                          String nodeName) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("org.osgi.framework.system.packages.extra", String.join(",", systemPackagesExtra()));
        config.put("foundation.home", home.toString());
        config.put("foundation.data", data.toString());
        if (nodeName != null) {
            config.put("foundation.node.name", nodeName);
        }
        config.put("felix.fileinstall.dir", etc + "," + deploy);
        config.put("felix.fileinstall.poll", "1000");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.tmpdir", data.resolve("tmp").toString());
        config.put("felix.fileinstall.log.level", "3");
        // FileInstall would write configuration changes back into etc/, racing with an operator's second edit
        // made right after a first one (the first comes back). The files are the operators'; Foundation only reads.
        config.put("felix.fileinstall.enableConfigSave", "false");
        config.put("gosh.home", data.toString());
        // ConfigAdmin keeps configurations in memory only: the configurations a node creates for distributed
        // services must never outlive the process (a node killed with -9 cannot delete them), or the next start
        // would run a singleton before placement chose this node. Every lasting configuration is a file in etc/.
        config.put("felix.cm.pm", "memory");
        return config;
    }

    /** The logging API, lent from the launcher's class path so that every bundle logs into the node's one logback. */
    public static List<String> systemPackagesExtra() {
        String version = LoggerFactory.class.getPackage().getImplementationVersion();
        return List.of("org.slf4j", "org.slf4j.spi", "org.slf4j.event", "org.slf4j.helpers").stream()
                .map(p -> p + ";version=" + version).toList();
    }

    /**
     * When a bundle starts; lower first, bundles of one rank in file name order. Logging first so every later
     * bundle's messages reach the log. Then ConfigAdmin and FileInstall, whose first scan of etc/ runs while it
     * starts: every component then activates with its configuration file already applied, never with built-in
     * defaults first (which could, for one, multicast before {@code cluster=static} is read).
     */
    public static int startRank(String symbolicName) {
        return switch (String.valueOf(symbolicName)) {
            case "org.apache.felix.log" -> 0;
            case "org.apache.felix.configadmin" -> 1;
            case "org.apache.felix.fileinstall" -> 2;
            default -> 3;
        };
    }
}
