package io.foundation.core.internal.services;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.foundation.api.services.DistributedServices;

/** Instances as factory configurations in ConfigurationAdmin, their activation as SCR reports it. */
final class AdminConfigurations implements Configurations {

    private final BundleContext context;
    private final ConfigurationAdmin admin;
    private final ServiceComponentRuntime runtime;

    AdminConfigurations(BundleContext context, ConfigurationAdmin admin, ServiceComponentRuntime runtime) {
        this.context = context;
        this.admin = admin;
        this.runtime = runtime;
    }

    @Override
    public String create(String factoryPid, String name, Map<String, Object> properties) throws IOException {
        // "?" lets the configuration bind to whichever bundle declares the component.
        Configuration configuration = admin.getFactoryConfiguration(factoryPid, name, "?");
        Dictionary<String, Object> dictionary = new Hashtable<>();
        properties.forEach(dictionary::put);
        configuration.update(dictionary);
        return configuration.getPid();
    }

    @Override
    public void delete(String pid) throws IOException {
        for (Configuration c : list("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + escape(pid) + ")")) {
            c.delete();
        }
    }

    /**
     * Deletes every configuration the node made for a distributed service and returns their PIDs: left over from
     * an earlier run of this component in the same framework, they would run instances placement never chose.
     */
    List<String> deleteLeftovers() throws IOException {
        List<Configuration> left = list("(" + DistributedServices.SERVICE + "=*)");
        for (Configuration c : left) {
            c.delete();
        }
        return left.stream().map(Configuration::getPid).toList();
    }

    @Override
    public Activation activation(Declaration declaration, String pid) {
        Bundle bundle = context.getBundle(declaration.bundleId());
        if (bundle == null) {
            return Activation.PENDING;
        }
        ComponentDescriptionDTO description = runtime.getComponentDescriptionDTO(bundle, declaration.name());
        if (description == null) {
            return Activation.PENDING;
        }
        for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(description)) {
            if (!pid.equals(String.valueOf(c.properties.get(org.osgi.framework.Constants.SERVICE_PID)))) {
                continue;
            }
            return switch (c.state) {
                case ComponentConfigurationDTO.ACTIVE, ComponentConfigurationDTO.SATISFIED -> Activation.ACTIVE;
                case ComponentConfigurationDTO.FAILED_ACTIVATION -> Activation.failed(
                        c.failure == null || c.failure.isBlank() ? "activation failed" : firstLine(c.failure));
                default -> Activation.PENDING;
            };
        }
        return Activation.PENDING;
    }

    private List<Configuration> list(String filter) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IOException("bad filter " + filter, e);
        }
    }

    /** The exception line of a stack trace SCR reports, without its frames. */
    private static String firstLine(String failure) {
        int newline = failure.indexOf('\n');
        return (newline < 0 ? failure : failure.substring(0, newline)).strip();
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
