package io.foundation.bench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Foundation nodes for {@link ServicesBench}, each with an etc/ and a deploy/ of its own inside its data
 * directory: etc/ starts as a copy of the distribution's plus the files given for the node, deploy/ holds the given
 * bundles. Besides views and readiness it reads two kinds of lines from the node's log on stdout:
 * <pre>
 * 2026-11-23 10:00:00.123 INFO  [SingletonDemo] singleton-demo started on n2      a SINGLETON event on n2
 * 2026-11-23 10:00:00.123 INFO  [SingletonDemo] singleton-demo stopped on n2      a NOTE "singleton-demo stopped on n2"
 * 2026-11-23 10:00:00.123 INFO  [RegistryStream] registry-fixture seen ID INSTANT a NOTE "seen ID INSTANT"
 * </pre>
 */
final class ServicesNode implements Contender {

    static final Pattern SINGLETON = Pattern.compile("\\bsingleton-demo started on (\\S+)");
    static final String SINGLETON_STOPPED = "singleton-demo stopped on ";
    static final String FIXTURE = "registry-fixture ";

    private final FoundationNode foundation;
    private final List<Path> bundles;
    private final IntFunction<Map<String, String>> etcFiles;

    /**
     * @param bundles  jars copied into every node's deploy directory before it starts
     * @param etcFiles for node i, more files of its etc directory (file name to content)
     */
    ServicesNode(FoundationNode foundation, List<Path> bundles, IntFunction<Map<String, String>> etcFiles) {
        this.foundation = foundation;
        this.bundles = List.copyOf(bundles);
        this.etcFiles = etcFiles;
    }

    @Override
    public String id() {
        return foundation.id();
    }

    @Override
    public Optional<String> unavailable() {
        Optional<String> why = foundation.unavailable();
        if (why.isPresent()) {
            return why;
        }
        return bundles.stream().filter(b -> !Files.isRegularFile(b)).findFirst()
                .map(b -> "pending build: " + b + " is missing");
    }

    @Override
    public int basePort() {
        return foundation.basePort();
    }

    /** Node i's configuration directory, for the incarnation whose data directory is {@code data}. */
    static Path etc(Path data) {
        return data.resolve("etc");
    }

    @Override
    public Launch launch(NodeSpec spec) {
        int i = Integer.parseInt(spec.name().substring(1));
        Path etc = etc(spec.data());
        Path deploy = spec.data().resolve("deploy");
        try {
            Files.createDirectories(etc);
            Files.createDirectories(deploy);
            try (Stream<Path> files = Files.list(foundation.home().resolve("etc"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, etc.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (Map.Entry<String, String> f : etcFiles.apply(i).entrySet()) {
                Files.writeString(etc.resolve(f.getKey()), f.getValue());
            }
            for (Path b : bundles) {
                Files.copy(b, deploy.resolve(b.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + spec.data(), e);
        }
        Launch base = foundation.launch(spec);
        List<String> command = new ArrayList<>(base.command());
        command.addAll(List.of("--etc", etc.toString(), "--deploy", deploy.toString()));
        return new Launch(command, base.environment());
    }

    @Override
    public Optional<NodeEvent> parse(String line) {
        int fixture = line.indexOf(FIXTURE);
        if (fixture >= 0) {
            return Optional.of(NodeEvent.note(FoundationNode.timeOf(line), line.substring(fixture + FIXTURE.length()).strip()));
        }
        int stopped = line.indexOf(SINGLETON_STOPPED);
        if (stopped >= 0) {
            return Optional.of(NodeEvent.note(FoundationNode.timeOf(line), line.substring(stopped).strip()));
        }
        Matcher singleton = SINGLETON.matcher(line);
        if (singleton.find()) {
            return Optional.of(NodeEvent.singleton(FoundationNode.timeOf(line), singleton.group(1)));
        }
        return foundation.parse(line);
    }
}
