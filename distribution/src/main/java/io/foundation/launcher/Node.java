package io.foundation.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node process: claims the data directory, starts Felix with every bundle in {@code bundle/}, lets
 * FileInstall watch the configuration and deploy directories, and stops the framework cleanly on shutdown.
 */
final class Node {

    private final Path home;
    private final Options options;

    Node(Path home, Options options) {
        this.home = home;
        this.options = options;
    }

    int run() {
        long launched = System.nanoTime();
        DataDirectory data;
        try {
            data = DataDirectory.claim(options.data());
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        // Logging reads these when it first initialises, which must happen after the data directory is known.
        System.setProperty("foundation.data", options.data().toString());
        System.setProperty("foundation.console.level", options.headless() ? "INFO" : "WARN");
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", options.etc().resolve("logback.xml").toString());
        }
        Logger log = LoggerFactory.getLogger(Node.class);
        Framework framework;
        try {
            framework = start(log);
        } catch (BundleException | IOException e) {
            log.error("The node failed to start: {}", e.getMessage(), e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, log), "foundation-shutdown"));
        log.info("Framework started in {} ms (node {}, data {}, etc {}, deploy {})",
                (System.nanoTime() - launched) / 1_000_000, options.name() != null ? options.name() : "(host name)",
                options.data(), options.etc(), options.deploy());
        try {
            FrameworkEvent event = framework.waitForStop(0);
            log.info("Node stopped ({})", event.getType() == FrameworkEvent.STOPPED ? "normally" : event);
            data.release();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("Could not release the data directory: {}", e.getMessage());
        }
        return 0;
    }

    private Framework start(Logger log) throws BundleException, IOException {
        Files.createDirectories(options.deploy());
        Files.createDirectories(options.etc());
        Map<String, String> config = new HashMap<>(Platform.frameworkProperties(home, options.data(), options.etc(),
                options.deploy(), options.name()));
        config.put(Constants.FRAMEWORK_STORAGE, options.data().resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new BundleException("no OSGi framework on the launcher's classpath"));
        Framework framework = factory.newFramework(config);
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home.resolve("bundle"), "*.jar")) {
            List<Path> sorted = new ArrayList<>();
            jars.forEach(sorted::add);
            sorted.sort(null);
            for (Path jar : sorted) {
                try {
                    // reference: leaves the jar where it is instead of copying it into the cache on every start
                    installed.add(framework.getBundleContext().installBundle("reference:" + jar.toUri()));
                } catch (BundleException e) {
                    log.error("Cannot install {}: {}", jar.getFileName(), e.getMessage());
                }
            }
        }
        framework.start();
        installed.sort(Comparator.comparingInt(b -> Platform.startRank(b.getSymbolicName())));
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null
                    || options.headless() && Platform.INTERACTIVE_SHELL.equals(bundle.getSymbolicName())) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                log.error("Cannot start {}: {}", bundle.getSymbolicName(), e.getMessage());
            }
        }
        return framework;
    }

    private static void stop(Framework framework, Logger log) {
        try {
            if (framework.getState() == Bundle.ACTIVE || framework.getState() == Bundle.STARTING) {
                framework.stop();
                framework.waitForStop(30_000);
            }
        } catch (BundleException | InterruptedException e) {
            log.warn("Stopping the framework failed: {}", e.toString());
        }
    }
}
