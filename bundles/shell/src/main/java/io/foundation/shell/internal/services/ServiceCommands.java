package io.foundation.shell.internal.services;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.foundation.api.services.Distributed;
import io.foundation.api.services.DistributedServices;
import io.foundation.api.services.ServiceState;

/** {@code foundation:services} and {@code foundation:singletons}: the distributed services declared on this node. */
@Component(service = ServiceCommands.class, property = {
        "osgi.command.scope=foundation",
        "osgi.command.function=services",
        "osgi.command.function=singletons"})
public final class ServiceCommands {

    private final ObjectMapper mapper = new ObjectMapper();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DistributedServices services;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin admin;

    @Descriptor("list the distributed services declared on this node: mode, guarantee, split-brain policy, where "
            + "they run, their instances here and any problem")
    public String services(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean asJson) throws JsonProcessingException {
        List<ServiceState> all = services().services();
        if (asJson) {
            ArrayNode array = mapper.createArrayNode();
            all.forEach(s -> array.add(service(s)));
            return print(array);
        }
        StringBuilder out = new StringBuilder(String.format("%-36s %-12s %-9s %-16s %-24s %s%n", "NAME", "MODE",
                "GUARANTEE", "POLICY", "OWNER(S)", "HERE"));
        for (ServiceState s : all) {
            out.append(String.format("%-36s %-12s %-9s %-16s %-24s %s%n", s.name(),
                    s.mode().map(m -> lower(m.name())).orElse("invalid"), lower(s.guarantee().name()), s.policy(),
                    owners(s), here(s)));
            s.problem().ifPresent(p -> out.append("    problem: ").append(p).append('\n'));
        }
        return out.toString().stripTrailing();
    }

    @Descriptor("list the singletons declared on this node: owner, state here, activation attempts, last error and "
            + "the fence of a strict singleton's lease")
    public String singletons(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean asJson) throws JsonProcessingException {
        List<ServiceState> singletons = services().services().stream()
                .filter(s -> s.mode().orElse(null) == Distributed.Mode.SINGLETON).toList();
        if (asJson) {
            ArrayNode array = mapper.createArrayNode();
            for (ServiceState s : singletons) {
                ObjectNode node = array.addObject();
                node.put("name", s.name());
                node.put("guarantee", lower(s.guarantee().name()));
                nullable(node, "owner", Optional.ofNullable(s.placement().get("")));
                ServiceState.Instance local = s.local().get("");
                nullable(node, "state", Optional.ofNullable(local).map(i -> i.state().name()));
                node.put("attempts", local == null ? 0 : local.attempts());
                nullable(node, "lastError", local == null ? Optional.empty() : local.lastError());
                Optional<Long> fence = fence(s.name());
                if (fence.isPresent()) {
                    node.put("fence", fence.get());
                } else {
                    node.putNull("fence");
                }
                nullable(node, "problem", s.problem());
                ArrayNode history = node.putArray("history");
                if (local != null) {
                    local.history().forEach(history::add);
                }
            }
            return print(array);
        }
        StringBuilder out = new StringBuilder(String.format("%-36s %-9s %-16s %-18s %-8s %-7s %s%n", "NAME",
                "GUARANTEE", "OWNER", "STATE HERE", "ATTEMPTS", "FENCE", "LAST ERROR"));
        for (ServiceState s : singletons) {
            ServiceState.Instance local = s.local().get("");
            out.append(String.format("%-36s %-9s %-16s %-18s %-8s %-7s %s%n", s.name(), lower(s.guarantee().name()),
                    s.placement().getOrDefault("", "-"), local == null ? "-" : local.state().name(),
                    local == null ? "-" : Integer.toString(local.attempts()),
                    fence(s.name()).map(String::valueOf).orElse("-"),
                    local == null ? "-" : local.lastError().orElse("-")));
            s.problem().ifPresent(p -> out.append("    problem: ").append(p).append('\n'));
        }
        return out.toString().stripTrailing();
    }

    private ObjectNode service(ServiceState s) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", s.name());
        nullable(node, "mode", s.mode().map(m -> lower(m.name())));
        node.put("guarantee", lower(s.guarantee().name()));
        node.put("policy", s.policy());
        ObjectNode placement = node.putObject("placement");
        s.placement().forEach(placement::put);
        ObjectNode local = node.putObject("local");
        s.local().forEach((key, i) -> {
            ObjectNode instance = local.putObject(key);
            instance.put("state", i.state().name());
            instance.put("attempts", i.attempts());
            nullable(instance, "lastError", i.lastError());
            ArrayNode history = instance.putArray("history");
            i.history().forEach(history::add);
        });
        nullable(node, "problem", s.problem());
        return node;
    }

    /** The fence of the configuration this node runs a strict singleton with, if it runs one. */
    private Optional<Long> fence(String service) {
        ConfigurationAdmin a = admin;
        if (a == null) {
            return Optional.empty();
        }
        try {
            Configuration[] found = a.listConfigurations("(&(" + DistributedServices.SERVICE + "="
                    + service.replaceAll("([\\\\()*])", "\\\\$1") + ")(" + DistributedServices.FENCE + "=*))");
            if (found == null || found.length == 0) {
                return Optional.empty();
            }
            Object fence = found[0].getProperties().get(DistributedServices.FENCE);
            return Optional.of(Long.parseLong(String.valueOf(fence)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String owners(ServiceState s) {
        if (s.placement().isEmpty()) {
            return "-";
        }
        if (s.mode().orElse(null) == Distributed.Mode.PARTITIONED) {
            Map<String, Long> perMember = s.placement().values().stream()
                    .collect(Collectors.groupingBy(m -> m, java.util.TreeMap::new, Collectors.counting()));
            return perMember.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
        }
        return String.join(",", new java.util.TreeSet<>(s.placement().values()));
    }

    private static String here(ServiceState s) {
        if (s.local().isEmpty()) {
            return "-";
        }
        return s.local().entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "" : e.getKey() + "=") + e.getValue().state().name())
                .collect(Collectors.joining(", "));
    }

    private static void nullable(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private String print(Object node) throws JsonProcessingException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private DistributedServices services() {
        DistributedServices s = services;
        if (s == null) {
            throw new IllegalStateException("distributed services are not running (is the io.foundation.core bundle "
                    + "active, with the split-brain guard?)");
        }
        return s;
    }
}
