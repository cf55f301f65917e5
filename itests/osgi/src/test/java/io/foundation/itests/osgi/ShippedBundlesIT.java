package io.foundation.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.ExamFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.forked.ForkedTestContainerFactory;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import io.foundation.api.cluster.ClusterStrategy;

/**
 * The distribution's bundle set starts as a node: every bundle resolves and runs, and every Declarative Services
 * component of core and shell is active. Forked, so the framework's class path is the launcher's (Felix plus
 * lib/) and nothing from the test class path can stand in for what a bundle fails to carry.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@ExamFactory(ForkedTestContainerFactory.class)
public class ShippedBundlesIT {

    private static final String CORE = "io.foundation.core";
    private static final String SHELL = "io.foundation.shell";

    @Configuration
    public Option[] node() {
        return NodeOptions.forTest(ShippedBundlesIT.class).singleNodeOnly().forked();
    }

    @Test
    public void everyShippedBundleResolvesAndIsActive() {
        RunningNode node = RunningNode.of(this);
        List<String> shipped = List.of(node.property(NodeOptions.SHIPPED_BUNDLES).split(","));
        List<String> unstarted = List.of(node.property(NodeOptions.UNSTARTED_BUNDLES).split(","));
        Map<String, String> wrong = new TreeMap<>();
        for (String symbolicName : shipped) {
            Bundle bundle = node.bundle(symbolicName);
            // Fragments, and the console shell a headless node leaves stopped, should be resolved: ready to run.
            boolean notStarted = unstarted.contains(symbolicName);
            int expected = notStarted ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (notStarted) {
                // Felix resolves a bundle nobody starts only on demand; ask, so "could run" is checked too.
                node.context().getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(bundle));
            }
            if (bundle.getState() != expected) {
                wrong.put(symbolicName, state(bundle.getState()) + " instead of " + state(expected) + whyNot(bundle));
            }
        }
        assertTrue("bundles of the distribution not running as they should:\n" + lines(wrong), wrong.isEmpty());
    }

    @Test
    public void everyComponentOfCoreAndShellIsActive() {
        RunningNode node = RunningNode.of(this);
        ServiceComponentRuntime scr = node.service(ServiceComponentRuntime.class);
        Set<String> declared = new TreeSet<>();
        for (String symbolicName : List.of(CORE, SHELL)) {
            scr.getComponentDescriptionDTOs(node.bundle(symbolicName)).forEach(d -> declared.add(d.name));
        }
        // Guards against a bundle whose component descriptors went missing: "all active" of nothing proves nothing.
        Set<String> missing = new TreeSet<>(Set.of(
                "io.foundation.core.internal.node.ClusterNode",
                "io.foundation.core.internal.discovery.Strategies",
                "io.foundation.core.internal.strategy.local.LocalStrategy",
                "io.foundation.core.internal.strategy.multicast.MulticastStrategy",
                "io.foundation.core.internal.strategy.fixed.StaticStrategy",
                "io.foundation.core.internal.strategy.dns.DnsStrategy",
                "io.foundation.shell.internal.cluster.ClusterCommands",
                "io.foundation.shell.internal.exec.ExecServer"));
        missing.removeAll(declared);
        assertTrue("components not declared by core or shell: " + missing + " (declared: " + declared + ")",
                missing.isEmpty());

        // SCR may still be wiring services that arrived last; a healthy node settles well within the deadline.
        Await.until("every component of core and shell to be active", () -> componentProblems(node, scr),
                Map::isEmpty);
    }

    @Test
    public void theNodeOffersItsServicesAndCommands() throws InvalidSyntaxException {
        RunningNode node = RunningNode.of(this);
        node.membership();
        node.discovery();
        Set<String> strategies = new TreeSet<>();
        for (ServiceReference<ClusterStrategy> reference
                : node.context().getServiceReferences(ClusterStrategy.class, null)) {
            ClusterStrategy strategy = node.context().getService(reference);
            strategies.add(strategy.name());
            node.context().ungetService(reference);
        }
        assertEquals("the core's strategies and those of the shipped strategy bundles",
                Set.of("local", "multicast", "static", "dns", "k8s", "consul", "mdns"), strategies);

        Set<String> commands = new TreeSet<>();
        ServiceReference<?>[] withCommands = node.context()
                .getAllServiceReferences(null, "(osgi.command.scope=foundation)");
        for (ServiceReference<?> reference : withCommands == null ? new ServiceReference<?>[0] : withCommands) {
            Object functions = reference.getProperty("osgi.command.function");
            if (functions instanceof String[] names) {
                commands.addAll(Arrays.asList(names));
            } else if (functions != null) {
                commands.add(functions.toString());
            }
        }
        assertTrue("shell commands of scope foundation: " + commands,
                commands.containsAll(Set.of("members", "view", "strategies", "status", "split-brain")));
    }

    /** Each component of core and shell that does not run, with its state and SCR's reasons. */
    private static Map<String, String> componentProblems(RunningNode node, ServiceComponentRuntime scr) {
        Map<String, String> problems = new TreeMap<>();
        for (String symbolicName : List.of(CORE, SHELL)) {
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(node.bundle(symbolicName))) {
                String problem = problemOf(node, scr, description);
                if (problem != null) {
                    problems.put(description.name, problem);
                }
            }
        }
        return problems;
    }

    /**
     * Null if the component runs; otherwise its state with the reasons SCR gives. A delayed component (a service
     * nobody has used yet) stays SATISFIED until first use, so it is used once to see whether it activates.
     */
    private static String problemOf(RunningNode node, ServiceComponentRuntime scr, ComponentDescriptionDTO d) {
        if (!scr.isComponentEnabled(d)) {
            return "disabled";
        }
        Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(d);
        if (configurations.isEmpty()) {
            return "no component configuration (configuration policy " + d.configurationPolicy + ", pids "
                    + Arrays.toString(d.configurationPid) + ")";
        }
        List<String> problems = new ArrayList<>();
        for (ComponentConfigurationDTO configuration : configurations) {
            ComponentConfigurationDTO c = configuration;
            List<ServiceReference<?>> used = new ArrayList<>();
            if (c.state == ComponentConfigurationDTO.SATISFIED && !d.immediate && d.serviceInterfaces.length > 0) {
                used.addAll(use(node, c));
                long id = c.id;
                c = scr.getComponentConfigurationDTOs(d).stream().filter(x -> x.id == id).findFirst().orElse(c);
            }
            if (c.state != ComponentConfigurationDTO.ACTIVE) {
                problems.add(describe(d, c));
            }
            used.forEach(node.context()::ungetService);
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static List<ServiceReference<?>> use(RunningNode node, ComponentConfigurationDTO c) {
        List<ServiceReference<?>> used = new ArrayList<>();
        try {
            ServiceReference<?>[] references = node.context().getAllServiceReferences(null,
                    "(component.id=" + c.id + ")");
            for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
                node.context().getService(reference);
                used.add(reference);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return used;
    }

    private static String describe(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        return switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE: "
                    + Arrays.stream(c.unsatisfiedReferences).map(u -> unsatisfied(d, u))
                    .collect(Collectors.joining(", "));
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION: needs "
                    + Arrays.toString(d.configurationPid);
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION: " + c.failure;
            case ComponentConfigurationDTO.SATISFIED -> "SATISFIED but not activated";
            default -> "state " + c.state;
        };
    }

    private static String unsatisfied(ComponentDescriptionDTO d, UnsatisfiedReferenceDTO u) {
        String interfaceName = Arrays.stream(d.references).filter(r -> r.name.equals(u.name))
                .map((ReferenceDTO r) -> r.interfaceName).findFirst().orElse("?");
        return u.name + " (" + interfaceName + (u.target != null ? ", target " + u.target : "") + ")";
    }

    private static String whyNot(Bundle bundle) {
        if (bundle.getState() != Bundle.INSTALLED || bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return "";
        }
        // Only an attempt to start reports the resolver's reason (the missing requirement); it fails, since the
        // framework could not resolve the bundle a moment ago.
        try {
            bundle.start(Bundle.START_TRANSIENT);
            return "";
        } catch (BundleException e) {
            return ": " + e.getMessage();
        }
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> Integer.toString(state);
        };
    }

    private static String lines(Map<String, String> problems) {
        return problems.entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }
}
