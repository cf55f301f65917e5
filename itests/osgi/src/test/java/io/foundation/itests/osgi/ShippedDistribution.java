package io.foundation.itests.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The built distribution ({@code distribution/target/foundation}) as the tests see it: the bundle set in
 * {@code bundle/} and the launcher's class path in {@code lib/}. Read on the test driver's side, never inside the
 * framework.
 *
 * <p>The tests install the bundles from {@code bundle/} by {@code file:} URL rather than by {@code mvn:}
 * coordinates: the directory is exactly what a node runs, so a bundle added to or dropped from the distribution is
 * tested without touching these tests, and no version list has to be kept in step with the distribution's pom.
 */
final class ShippedDistribution {

    /** Set by failsafe; see the module's pom. */
    static final String HOME_PROPERTY = "foundation.distribution";

    /** One jar of {@code bundle/}, with what its manifest says. */
    record ShippedBundle(Path jar, String symbolicName, boolean fragment) {

        String url() {
            return jar.toUri().toString();
        }
    }

    private final Path home;

    private ShippedDistribution(Path home) {
        this.home = home;
    }

    static ShippedDistribution locate() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured == null) {
            throw new IllegalStateException("System property " + HOME_PROPERTY + " is not set; run the tests "
                    + "through Maven (mvn verify -pl itests/osgi) or set it to distribution/target/foundation");
        }
        Path home = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("bundle")) || !Files.isDirectory(home.resolve("lib"))) {
            throw new IllegalStateException(home + " holds no built distribution (bundle/ and lib/); build it "
                    + "first: mvn install -DskipTests");
        }
        return new ShippedDistribution(home);
    }

    Path home() {
        return home;
    }

    /** Every jar of {@code bundle/}, in the order the launcher installs them (by file name). */
    List<ShippedBundle> bundles() {
        List<ShippedBundle> bundles = new ArrayList<>();
        for (Path jar : jars(home.resolve("bundle"))) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes main = file.getManifest() == null ? new Attributes()
                        : file.getManifest().getMainAttributes();
                String bsn = main.getValue("Bundle-SymbolicName");
                if (bsn == null) {
                    throw new IllegalStateException(jar + " in the distribution is not a bundle");
                }
                bundles.add(new ShippedBundle(jar, bsn.split(";")[0].strip(), main.getValue("Fragment-Host") != null));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        if (bundles.isEmpty()) {
            throw new IllegalStateException(home.resolve("bundle") + " is empty");
        }
        return bundles;
    }

    /** The jars of {@code lib/} besides the framework and the launcher itself: the libraries the framework sees. */
    List<Path> launcherLibraries() {
        return jars(home.resolve("lib")).stream()
                .filter(jar -> !jar.getFileName().toString().startsWith("org.apache.felix.framework-"))
                .filter(jar -> !jar.getFileName().toString().equals("foundation-launcher.jar"))
                .toList();
    }

    /** The Felix jar the distribution ships, to check the tests run the same framework. */
    Path framework() {
        return jars(home.resolve("lib")).stream()
                .filter(jar -> jar.getFileName().toString().startsWith("org.apache.felix.framework-"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Felix framework in " + home.resolve("lib")));
    }

    /**
     * How the shipped launcher boots a node, read from its class {@code io.foundation.launcher.Node} so these tests
     * cannot drift from it: the framework's {@code org.osgi.framework.system.packages.extra}, the start rank of
     * each bundle and the console shell a headless node leaves stopped. These are private to the launcher; if it
     * changes how it decides them, this method fails and must follow.
     */
    Launcher launcher(List<String> symbolicNames) {
        List<URL> classpath = new ArrayList<>();
        for (Path jar : jars(home.resolve("lib"))) {
            try {
                classpath.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        try (URLClassLoader loader = new URLClassLoader(classpath.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> node = Class.forName("io.foundation.launcher.Node", true, loader);
            String packages = (String) field(node, "SYSTEM_PACKAGES_EXTRA");
            String shell = (String) field(node, "INTERACTIVE_SHELL");
            Class<?> bundleType = Class.forName("org.osgi.framework.Bundle", false, loader);
            Method startRank = node.getDeclaredMethod("startRank", bundleType);
            startRank.setAccessible(true);
            Map<String, Integer> ranks = new LinkedHashMap<>();
            for (String symbolicName : symbolicNames) {
                // startRank looks at the bundle's symbolic name only; a stand-in bundle answers that.
                Object bundle = Proxy.newProxyInstance(loader, new Class<?>[] {bundleType}, (proxy, method, args) -> {
                    if (method.getName().equals("getSymbolicName")) {
                        return symbolicName;
                    }
                    throw new UnsupportedOperationException("Node.startRank called Bundle." + method.getName());
                });
                ranks.put(symbolicName, (Integer) startRank.invoke(null, bundle));
            }
            return new Launcher(Stream.of(packages.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList(),
                    ranks, shell);
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read how the launcher in " + home.resolve("lib") + " boots a "
                    + "node (Node.SYSTEM_PACKAGES_EXTRA, Node.INTERACTIVE_SHELL, Node.startRank(Bundle)); if the "
                    + "launcher changed, change ShippedDistribution to match", e);
        }
    }

    /** What the launcher decides, see {@link #launcher(List)}; bundles start in ascending rank, from 0. */
    record Launcher(List<String> systemPackagesExtra, Map<String, Integer> startRanks, String interactiveShell) {
    }

    private static Object field(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    private static List<Path> jars(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
