package io.foundation.shell.internal.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Handle;
import io.foundation.api.registry.Health;
import io.foundation.api.registry.Query;
import io.foundation.api.registry.Registration;
import io.foundation.api.registry.ServiceRegistry;

/**
 * {@code foundation:registry}: lists, looks up and discovers the cluster's registry entries, and registers entries
 * owned by the shell that stay until they are unregistered (or the shell bundle stops).
 */
// Immediate: a delayed component would be deactivated between two commands, closing what `register` opened.
@Component(service = RegistryCommands.class, immediate = true, property = {
        "osgi.command.scope=foundation",
        "osgi.command.function=registry"})
public final class RegistryCommands {

    static final String USAGE = "usage: registry [list] | lookup <name> | discover [--name n] [--capability c]... "
            + "[--filter '(ldap)'] [--health passing|warning|critical] | register <name> [--capability c]... "
            + "[--meta k=v]... [--endpoint e] | unregister <id> | store; add --json for JSON";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Handle> registered = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ServiceRegistry registry;

    @Deactivate
    void deactivate() {
        registered.values().forEach(Handle::close);
        registered.clear();
    }

    @Descriptor("the cluster's service registry: list every entry (list), entries of one name (lookup <name>), "
            + "entries matching capabilities, an OSGi filter over metadata (quote it) and a least health (discover), "
            + "publish an entry owned by this node until unregister <id> (register), or the store reads come from "
            + "(store)")
    public String registry(@Descriptor("[list|lookup|discover|register|unregister|store] [arguments] [--json]")
            String... args) {
        Arguments a = Arguments.parse(args);
        ServiceRegistry r = registry;
        if (r == null) {
            throw new IllegalStateException("the service registry is not running (is the io.foundation.core bundle "
                    + "active?)");
        }
        return switch (a.action) {
            case "list" -> entries(r.discover(Query.all().withMinimum(Health.CRITICAL)), a.json);
            case "lookup" -> entries(r.lookup(a.operand("lookup", "a service name")), a.json);
            case "discover" -> entries(r.discover(a.query()), a.json);
            case "register" -> register(r, a);
            case "unregister" -> unregister(a.operand("unregister", "an entry id"), a.json);
            case "store" -> a.json ? print(mapper.createObjectNode().put("store", r.store())) : "reads from " + r.store();
            default -> throw new IllegalArgumentException("unknown action '" + a.action + "'; " + USAGE);
        };
    }

    private String register(ServiceRegistry r, Arguments a) {
        Registration registration = new Registration(a.operand("register", "a service name"), a.capabilities,
                a.metadata, a.endpoint);
        Handle handle = r.register(registration);
        registered.put(handle.entry().id(), handle);
        return a.json ? print(entry(handle.entry())) : "registered " + handle.entry().id();
    }

    private String unregister(String id, boolean json) {
        Handle handle = registered.remove(id);
        if (handle == null) {
            throw new IllegalArgumentException("no entry " + id + " registered from this shell");
        }
        handle.close();
        return json ? print(mapper.createObjectNode().put("unregistered", id)) : "unregistered " + id;
    }

    private String entries(List<Entry> entries, boolean json) {
        if (json) {
            ArrayNode array = mapper.createArrayNode();
            entries.forEach(e -> array.add(entry(e)));
            return print(array);
        }
        StringBuilder out = new StringBuilder(String.format("%-21s %-16s %-12s %-8s %-20s %-18s %s%n", "ID", "NAME",
                "OWNER", "HEALTH", "ENDPOINT", "CAPABILITIES", "METADATA"));
        for (Entry e : entries) {
            out.append(String.format("%-21s %-16s %-12s %-8s %-20s %-18s %s%n", e.id(), e.name(), e.ownerName(),
                    e.health().name().toLowerCase(Locale.ROOT), e.endpoint().isEmpty() ? "-" : e.endpoint(),
                    e.capabilities().isEmpty() ? "-" : String.join(",", e.capabilities()),
                    e.metadata().isEmpty() ? "-" : e.metadata()));
        }
        out.append(entries.size()).append(" entr").append(entries.size() == 1 ? "y" : "ies");
        return out.toString();
    }

    private ObjectNode entry(Entry e) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", e.id());
        node.put("name", e.name());
        e.capabilities().forEach(node.putArray("capabilities")::add);
        ObjectNode metadata = node.putObject("metadata");
        e.metadata().forEach(metadata::put);
        node.put("endpoint", e.endpoint());
        node.put("owner", e.owner());
        node.put("ownerName", e.ownerName());
        node.put("health", e.health().name().toLowerCase(Locale.ROOT));
        node.put("version", e.version());
        return node;
    }

    private String print(Object node) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command line, read by hand because options repeat ({@code --capability a --capability b}). */
    static final class Arguments {
        String action = "list";
        final List<String> operands = new ArrayList<>();
        boolean json;
        String name;
        final Set<String> capabilities = new HashSet<>();
        final Map<String, String> metadata = new LinkedHashMap<>();
        String filter;
        Health health;
        String endpoint = "";

        static Arguments parse(String... args) {
            Arguments a = new Arguments();
            boolean actionSeen = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--json" -> a.json = true;
                    case "--name" -> a.name = value(args, ++i, arg);
                    case "--capability" -> a.capabilities.add(value(args, ++i, arg));
                    case "--filter" -> a.filter = value(args, ++i, arg);
                    case "--endpoint" -> a.endpoint = value(args, ++i, arg);
                    case "--health" -> a.health = health(value(args, ++i, arg));
                    case "--meta" -> {
                        String pair = value(args, ++i, arg);
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--meta needs key=value, was '" + pair + "'");
                        }
                        a.metadata.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
                        }
                        if (actionSeen) {
                            a.operands.add(arg);
                        } else {
                            a.action = arg;
                            actionSeen = true;
                        }
                    }
                }
            }
            return a;
        }

        String operand(String action, String what) {
            if (operands.size() != 1) {
                throw new IllegalArgumentException(action + " needs " + what + "; " + USAGE);
            }
            return operands.get(0);
        }

        Query query() {
            Query query = Query.all().withCapabilities(capabilities.toArray(String[]::new));
            if (health != null) {
                query = query.withMinimum(health);
            }
            if (name != null) {
                query = query.withName(name);
            }
            return filter == null ? query : query.withFilter(filter);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; " + USAGE);
            }
            return args[i];
        }

        private static Health health(String value) {
            try {
                return Health.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--health must be passing, warning or critical, was '" + value
                        + "'");
            }
        }
    }
}
