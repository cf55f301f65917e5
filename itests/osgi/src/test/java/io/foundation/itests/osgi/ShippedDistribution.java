package io.foundation.itests.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private static List<Path> jars(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
