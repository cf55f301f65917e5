package io.foundation.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bootClasspathLibrary;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;

import io.foundation.launcher.Platform;
import io.foundation.itests.osgi.ShippedDistribution.ShippedBundle;

/**
 * Pax Exam options that boot the distribution's bundle set the way {@code bin/foundation} does (the launcher's
 * {@code Node}: same bundles, system packages, framework properties and start order), as a node that never sends
 * a packet off this machine:
 * <ul>
 *   <li>the transport binds to 127.0.0.1 ({@code foundation.bind.address}, a framework property, which wins over
 *       any configuration);</li>
 *   <li>its {@code etc/io.foundation.cluster.cfg} says {@code cluster=false}; the launcher's start order has
 *       FileInstall apply it before Foundation's components activate, so the built-in default
 *       ({@code cluster=auto}, which multicasts) never runs. {@link #singleNodeOnly()} also pins
 *       {@code cluster=false} as a framework property for tests that never change the mode;</li>
 *   <li>should multicast ever be selected by mistake, {@code multicast.ttl=0} keeps it on this host;</li>
 *   <li>a cluster name of its own, so the node cannot join any other node on this host.</li>
 * </ul>
 * Each test class (one framework per class) gets fresh directories for the node's data (its id and log), etc/,
 * deploy/ and the {@code local} strategy: {@code target/itest-nodes/<test class>/}.
 */
final class NodeOptions {

    static final String PID = "io.foundation.cluster";
    /** Framework properties for the probe: the distribution's bundles, and those a node leaves stopped. */
    static final String SHIPPED_BUNDLES = "foundation.itest.bundles";
    static final String UNSTARTED_BUNDLES = "foundation.itest.unstarted";

    /** Pax Exam's own bundles run at level 2; the node's bundles start above, in the launcher's order. */
    private static final int FIRST_LEVEL = 3;

    /**
     * Pax Exam's helper bundles import org.slf4j below 2.0. The system bundle exports the same slf4j classes again
     * under 1.7.36 for them; Foundation's bundles import [2.0,3) and cannot wire to this alias.
     */
    private static final List<String> PAX_EXAM_SLF4J = List.of("org.slf4j;version=1.7.36");

    private final ShippedDistribution distribution = ShippedDistribution.locate();
    private final Path directory;
    private final String nodeName;
    private final Map<String, String> configuration = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private NodeOptions(Class<?> testClass) {
        this.nodeName = "itest-" + testClass.getSimpleName();
        Path root = System.getProperty("foundation.itest.work") != null
                ? Path.of(System.getProperty("foundation.itest.work"))
                : Path.of(System.getProperty("java.io.tmpdir"), "foundation-itests");
        // One directory per test class, emptied first: fresh for every run, and easy to find the node's log in
        // (data/log/foundation.log). JUnit may build the options more than once; the framework uses the last.
        this.directory = root.resolve(testClass.getSimpleName());
        try {
            deleteRecursively(directory);
            for (String sub : List.of("data", "etc", "deploy", "local")) {
                Files.createDirectories(directory.resolve(sub));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the node's directory " + directory, e);
        }
        configuration.put("cluster", "false");
    }

    static NodeOptions forTest(Class<?> testClass) {
        return new NodeOptions(testClass);
    }

    /** Adds {@code key = value} to the node's {@code etc/io.foundation.cluster.cfg}. */
    NodeOptions configuration(String key, String value) {
        configuration.put(key, value);
        return this;
    }

    /** Pins {@code cluster=false} as a framework property too: for tests that never switch the mode. */
    NodeOptions singleNodeOnly() {
        properties.put("foundation.cluster", "false");
        return this;
    }

    /**
     * The framework in a JVM of its own whose class path is the launcher's: the framework and lib/. Nothing from
     * the test class path can stand in for something a bundle fails to carry.
     */
    Option[] forked() {
        List<Option> options = common();
        for (Path library : distribution.launcherLibraries()) {
            options.add(bootClasspathLibrary(library.toUri().toString()));
        }
        // Logging as the launcher sets it up: the shipped logback.xml, into <data>/log/foundation.log.
        options.add(systemProperty("foundation.data").value(data().toString()));
        options.add(systemProperty("foundation.console.level").value("WARN"));
        options.add(systemProperty("logback.configurationFile")
                .value(distribution.home().resolve("etc/logback.xml").toString()));
        options.add(vmOption("-Xmx256m"));
        return options.toArray(Option[]::new);
    }

    /**
     * The framework in the test's own JVM. Its class loader is the test class path, which holds the same slf4j and
     * logback as lib/ (see the pom); the node logs through the test JVM's logback-test.xml.
     */
    Option[] inTestJvm() {
        return common().toArray(Option[]::new);
    }

    private List<Option> common() {
        checkSameFramework();
        List<ShippedBundle> bundles = distribution.bundles();
        writeConfiguration();

        List<Option> options = new ArrayList<>();
        options.add(cleanCaches(true));
        options.add(junitBundles());
        for (String clause : Platform.systemPackagesExtra()) {
            options.add(systemPackage(clause));
        }
        PAX_EXAM_SLF4J.forEach(clause -> options.add(systemPackage(clause)));

        List<String> unstarted = new ArrayList<>();
        for (ShippedBundle shipped : bundles) {
            UrlProvisionOption option = bundle(shipped.url())
                    .startLevel(FIRST_LEVEL + Platform.startRank(shipped.symbolicName()));
            // As the launcher: fragments cannot be started, a headless node leaves the console shell stopped.
            if (shipped.fragment() || shipped.symbolicName().equals(Platform.INTERACTIVE_SHELL)) {
                option = option.noStart();
                unstarted.add(shipped.symbolicName());
            }
            options.add(option);
        }
        options.add(frameworkStartLevel(FIRST_LEVEL + bundles.stream()
                .mapToInt(b -> Platform.startRank(b.symbolicName())).max().orElse(0)));

        // What the launcher sets, with this test's directories; the system packages are options of their own.
        Map<String, String> framework = new LinkedHashMap<>(Platform.frameworkProperties(distribution.home(), data(),
                directory.resolve("etc"), directory.resolve("deploy"), nodeName));
        framework.remove("org.osgi.framework.system.packages.extra");
        // Isolation, and no packet off the host (see the class comment).
        framework.put("foundation.bind.address", "127.0.0.1");
        framework.put("foundation.cluster.name", "itest-" + UUID.randomUUID().toString().substring(0, 8));
        framework.put("foundation.local.directory", directory.resolve("local").toString());
        framework.put("foundation.multicast.ttl", "0");
        framework.putAll(properties);
        // For the probe.
        framework.put(SHIPPED_BUNDLES, bundles.stream().map(ShippedBundle::symbolicName)
                .collect(Collectors.joining(",")));
        framework.put(UNSTARTED_BUNDLES, String.join(",", unstarted));
        framework.forEach((key, value) -> options.add(frameworkProperty(key).value(value)));
        return options;
    }

    private void writeConfiguration() {
        String text = configuration.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n", "# written by " + NodeOptions.class.getName() + "\n", "\n"));
        try {
            Files.writeString(directory.resolve("etc").resolve(PID + ".cfg"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    /** Pax Exam runs the framework found on the test class path; it must be the one the distribution ships. */
    private void checkSameFramework() {
        try (JarFile shipped = new JarFile(distribution.framework().toFile());
             JarFile used = new JarFile(Path.of(FrameworkFactory.class.getProtectionDomain().getCodeSource()
                     .getLocation().toURI()).toFile())) {
            String shippedVersion = shipped.getManifest().getMainAttributes().getValue("Bundle-Version");
            String usedVersion = used.getManifest().getMainAttributes().getValue("Bundle-Version");
            if (!shippedVersion.equals(usedVersion)) {
                throw new IllegalStateException("the distribution ships Felix " + shippedVersion
                        + " but the tests would run Felix " + usedVersion + "; align felix.framework.version");
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot compare the framework versions", e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
