package io.foundation.itests.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.osgi.framework.BundleActivator;

import io.foundation.api.cluster.ClusterStrategy;

/**
 * Bundles a third party would drop into {@code deploy/}, built by the test itself: a Java source compiled against
 * the API jar and packed with a manifest. Each has a bundle activator, which keeps the fixtures free of any
 * build-time tooling.
 */
final class TestBundles {

    private TestBundles() {
    }

    /** A strategy named {@code name} whose {@code seeds()} runs {@code body} (Java statements returning seeds). */
    static Path strategy(Path dir, String name, String body) throws IOException {
        String pkg = "fixture." + name;
        String source = """
                package %s;

                import java.util.*;
                import io.foundation.api.cluster.*;
                import org.osgi.framework.*;

                public class Activator implements BundleActivator, ClusterStrategy {
                    public void start(BundleContext context) {
                        context.registerService(ClusterStrategy.class, this, null);
                    }
                    public void stop(BundleContext context) {
                    }
                    public String name() {
                        return "%s";
                    }
                    public Collection<Seed> seeds(String cluster) throws Exception {
                        %s
                    }
                }
                """.formatted(pkg, name, body);
        return build(dir, pkg, source, "io.foundation.api.cluster;version=\"[1.0,2)\",org.osgi.framework");
    }

    /** A bundle whose activator throws {@code message}. */
    static Path failingActivator(Path dir, String message) throws IOException {
        String pkg = "fixture.failing";
        String source = """
                package %s;

                public class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext context) {
                        throw new IllegalStateException("%s");
                    }
                    public void stop(org.osgi.framework.BundleContext context) {
                    }
                }
                """.formatted(pkg, message);
        return build(dir, pkg, source, "org.osgi.framework");
    }

    /**
     * A Declarative Services component declared a singleton distributed service (by its component properties, as
     * {@code @Distributed} would write them) whose activate method throws {@code message}.
     */
    static Path failingSingleton(Path dir, String name, String message) throws IOException {
        String pkg = "fixture.failingsingleton";
        String source = """
                package %s;

                public class Activator {
                    public void activate() {
                        throw new IllegalStateException("%s");
                    }
                }
                """.formatted(pkg, message);
        String component = """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="%s" immediate="true"
                    configuration-policy="require" activate="activate">
                  <property name="foundation.distributed.mode" type="String" value="SINGLETON"/>
                  <implementation class="%s.Activator"/>
                </scr:component>
                """.formatted(name, pkg);
        return build(dir, pkg, source, "", Map.of("OSGI-INF/component.xml", component),
                Map.of("Service-Component", "OSGI-INF/component.xml"));
    }

    /**
     * A bundle that keeps the registry busy: {@code perSecond} registrations of service {@code load} (never closed),
     * and a look-up of {@code load} after each one, from its start until {@code <data>/load-stop} exists. Every
     * second it writes {@code <data>/load-report.json}: whether it has stopped registering, the store the registry
     * reads, each change of it with the
     * time, the ids whose registration returned, the ids the last look-up returned, and how often a look-up missed
     * an id an earlier look-up had returned ({@code vanished}) or a call failed ({@code errors}).
     */
    static Path registryLoad(Path dir, int perSecond) throws IOException {
        String pkg = "fixture.registryload";
        String source = """
                package fixture.registryload;

                import java.nio.file.*;
                import java.util.*;
                import io.foundation.api.registry.*;
                import io.foundation.api.cluster.Membership;
                import org.osgi.framework.*;

                public class Activator implements BundleActivator, Runnable {
                    private volatile boolean running = true;
                    private Thread thread;
                    private BundleContext context;
                    private final List<Handle> handles = new ArrayList<>();
                    private final List<String> acknowledged = new ArrayList<>();
                    private final Set<String> seen = new HashSet<>();
                    private final Map<String, String> owners = new HashMap<>();
                    private final List<String> visible = new ArrayList<>();
                    private final List<String> changes = new ArrayList<>();
                    private final List<String> problems = new ArrayList<>();
                    private String store = "";
                    private long lookups, vanished, errors;
                    private boolean stopped;

                    public void start(BundleContext context) {
                        this.context = context;
                        thread = new Thread(this, "registry-load");
                        thread.start();
                    }

                    public void stop(BundleContext context) throws Exception {
                        running = false;
                        thread.join(5000);
                    }

                    public void run() {
                        Path data = Path.of(context.getProperty("foundation.data"));
                        String node = String.valueOf(context.getProperty("foundation.node.name"));
                        long pause = 1000 / PER_SECOND;
                        long lastReport = 0;
                        int seq = 0;
                        while (running) {
                            try {
                                ServiceReference<ServiceRegistry> ref = context.getServiceReference(ServiceRegistry.class);
                                ServiceRegistry registry = ref == null ? null : context.getService(ref);
                                if (registry != null) {
                                    stopped = Files.exists(data.resolve("load-stop"));
                                    if (!stopped) {
                                        Handle handle = registry.register(Registration.of("load")
                                                .withMetadata(Map.of("node", node, "seq", Integer.toString(seq++))));
                                        handles.add(handle);
                                        acknowledged.add(handle.entry().id());
                                    }
                                    List<Entry> found = registry.lookup("load");
                                    lookups++;
                                    Set<String> ids = new HashSet<>();
                                    found.forEach(e -> ids.add(e.id()));
                                    found.forEach(e -> owners.put(e.id(), e.owner()));
                                    // An owner that left the view takes its entries with it: that is no miss.
                                    Set<String> members = new HashSet<>();
                                    ServiceReference<Membership> m = context.getServiceReference(Membership.class);
                                    Membership membership = m == null ? null : context.getService(m);
                                    if (membership != null) {
                                        membership.view().members().forEach(x -> members.add(x.id()));
                                    }
                                    for (String id : seen) {
                                        if (!ids.contains(id) && members.contains(owners.get(id))) {
                                            vanished++;
                                            if (problems.size() < 20) {
                                                problems.add("vanished " + id + " at " + System.currentTimeMillis()
                                                        + " store " + registry.store());
                                            }
                                        }
                                    }
                                    seen.addAll(ids);
                                    visible.clear();
                                    visible.addAll(ids);
                                    String now = registry.store();
                                    if (!now.equals(store)) {
                                        store = now;
                                        changes.add(now + "@" + System.currentTimeMillis());
                                    }
                                }
                            } catch (RuntimeException e) {
                                errors++;
                                if (problems.size() < 20) {
                                    problems.add("error " + e);
                                }
                            }
                            if (System.currentTimeMillis() - lastReport >= 1000) {
                                lastReport = System.currentTimeMillis();
                                report(data);
                            }
                            try {
                                Thread.sleep(pause);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }

                    private void report(Path data) {
                        String json = "{" + field("store") + quote(store) + "," + field("stopped") + stopped
                                + "," + field("lookups") + lookups
                                + "," + field("vanished") + vanished + "," + field("errors") + errors
                                + "," + field("changes") + list(changes) + "," + field("problems") + list(problems)
                                + "," + field("acknowledged") + list(acknowledged)
                                + "," + field("visible") + list(visible) + "}";
                        try {
                            Path temp = data.resolve("load-report.json.tmp");
                            Files.writeString(temp, json);
                            Files.move(temp, data.resolve("load-report.json"), StandardCopyOption.REPLACE_EXISTING,
                                    StandardCopyOption.ATOMIC_MOVE);
                        } catch (java.io.IOException e) {
                            errors++;
                        }
                    }

                    private static String field(String name) {
                        return quote(name) + ":";
                    }

                    private static String list(List<String> values) {
                        StringJoiner out = new StringJoiner(",", "[", "]");
                        values.forEach(v -> out.add(quote(v)));
                        return out.toString();
                    }

                    /** Entry ids and exception texts as JSON strings: quotes and backslashes escaped, by code point. */
                    private static String quote(String value) {
                        StringBuilder out = new StringBuilder().append((char) 34);
                        value.chars().forEach(c -> {
                            if (c == 34 || c == 92) {
                                out.append((char) 92);
                            }
                            out.append(c < 32 ? ' ' : (char) c);
                        });
                        return out.append((char) 34).toString();
                    }

                    private static final int PER_SECOND = RATE;
                }
                """.replace("RATE", Integer.toString(perSecond));
        return build(dir, pkg, source, "io.foundation.api.registry;version=\"[1.0,2)\","
                + "io.foundation.api.cluster;version=\"[1.0,2)\",org.osgi.framework");
    }

    private static Path build(Path dir, String pkg, String source, String imports) throws IOException {
        return build(dir, pkg, source, imports, Map.of(), Map.of("Bundle-Activator", pkg + ".Activator"));
    }

    private static Path build(Path dir, String pkg, String source, String imports, Map<String, String> resources,
                              Map<String, String> headers) throws IOException {
        Path src = dir.resolve("src").resolve(pkg.replace('.', '/'));
        Path classes = dir.resolve("classes-" + pkg);
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Path file = src.resolve("Activator.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = String.join(java.io.File.pathSeparator, locationOf(ClusterStrategy.class),
                locationOf(BundleActivator.class));
        int status = javac.run(null, null, null, "--release", "17", "-cp", classpath, "-d", classes.toString(),
                file.toString());
        if (status != 0) {
            throw new IllegalStateException("test bundle " + pkg + " does not compile");
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", pkg);
        main.putValue("Bundle-Version", "1.0.0");
        headers.forEach(main::putValue);
        if (!imports.isEmpty()) {
            main.putValue("Import-Package", imports);
        }
        Path jar = dir.resolve(pkg + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> compiled = Files.walk(classes)) {
            for (Path c : compiled.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                out.putNextEntry(new JarEntry(r.getKey()));
                out.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A file named like a bundle that is not a zip at all. */
    static Path corrupt(Path dir) throws IOException {
        Path jar = dir.resolve("corrupt.jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            out.write("this is not a jar".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0x50, 0x4b, 0x03, 0x04, 0x00, 0x7f, 0x13});
        }
        return jar;
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies {@code jar} into {@code deploy} under a name of its own, the way an operator drops it in. */
    static Path deploy(Path jar, Path deploy) throws IOException {
        Path target = deploy.resolve(jar.getFileName());
        // Copied next to deploy/ and moved in, so the watcher never sees a half-written jar.
        Path temp = deploy.resolveSibling(jar.getFileName() + ".part");
        Files.copy(jar, temp);
        Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
