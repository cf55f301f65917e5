package io.foundation.shell.internal.mabeam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.Outcome;
import io.foundation.api.mabeam.Problem;

/**
 * Gogo commands of scope {@code mabeam}. Protocol services come and go at runtime; {@code run} always uses the
 * highest registered version of the named protocol.
 */
@Component(service = MabeamCommands.class, property = {
        "osgi.command.scope=mabeam",
        "osgi.command.function=protocols",
        "osgi.command.function=run"})
public final class MabeamCommands {

    private final List<CoordinationProtocol<?, ?>> protocols = new CopyOnWriteArrayList<>();
    private final ProblemJson json = new ProblemJson();

    @Reference(service = CoordinationProtocol.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeProtocol")
    void addProtocol(CoordinationProtocol<?, ?> protocol) {
        protocols.add(protocol);
    }

    void removeProtocol(CoordinationProtocol<?, ?> protocol) {
        protocols.remove(protocol);
    }

    @Descriptor("list the coordination protocol services by family, name and version; * marks the version run uses")
    public String protocols() {
        List<CoordinationProtocol<?, ?>> sorted = new ArrayList<>(protocols);
        sorted.sort(Comparator.comparing((CoordinationProtocol<?, ?> p) -> p.family())
                .thenComparing(p -> p.id().name())
                .thenComparing((CoordinationProtocol<?, ?> p) -> p.id().version(), Comparator.reverseOrder()));
        if (sorted.isEmpty()) {
            return "no coordination protocols registered (is the io.foundation.mabeam bundle active?)";
        }
        StringBuilder out = new StringBuilder(String.format("%-12s %-27s %-9s %s%n", "FAMILY", "NAME", "VERSION",
                "PROBLEM"));
        for (CoordinationProtocol<?, ?> protocol : sorted) {
            boolean used = newest(protocol.id().name()).orElse(null) == protocol;
            out.append(String.format("%-12s %-27s %-9s %s%n", protocol.family(), protocol.id().name(),
                    protocol.id().version() + (used ? "*" : ""), protocol.problemType().getSimpleName()));
        }
        return out.toString().stripTrailing();
    }

    @Descriptor("run a coordination protocol on a JSON problem and print the JSON outcome")
    public String run(CommandSession session,
            @Descriptor("protocol name, as listed by mabeam:protocols") String protocol,
            @Descriptor("JSON file with the problem, see docs/mabeam-mechanisms.md") String file) {
        Path base = session == null ? null : session.currentDir();
        return run(protocol, base == null ? Path.of(file) : base.resolve(file));
    }

    /**
     * Reads {@code file} as the problem of the newest version of {@code name}, runs it and returns the outcome as
     * JSON.
     *
     * @throws IllegalArgumentException when the protocol is unknown, the file unreadable or the problem invalid
     */
    String run(String name, Path file) {
        CoordinationProtocol<?, ?> protocol = newest(name).orElseThrow(() -> new IllegalArgumentException(
                "no protocol named \"" + name + "\"; mabeam:protocols lists them"));
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return json.write(solve(protocol, text));
        } catch (InvalidProblemException e) {
            throw new IllegalArgumentException("invalid problem for " + protocol.id() + ": " + e.getMessage(), e);
        }
    }

    private <P extends Problem, O extends Outcome> O solve(CoordinationProtocol<P, O> protocol, String text) {
        return protocol.run(json.read(text, protocol.problemType()));
    }

    private Optional<CoordinationProtocol<?, ?>> newest(String name) {
        return protocols.stream().filter(p -> p.id().name().equals(name))
                .max(Comparator.comparing((CoordinationProtocol<?, ?> p) -> p.id().version()));
    }
}
