package io.foundation.core.internal.services;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Where instances of distributed services are switched on and off: a factory configuration per instance, which
 * Declarative Services turns into a component configuration (ConfigurationAdmin and SCR on a node).
 */
interface Configurations {

    /** Creates (or replaces) the factory configuration {@code factoryPid~name}; returns its PID. */
    String create(String factoryPid, String name, Map<String, Object> properties) throws IOException;

    /** Deletes the configuration {@code pid}, if it exists. */
    void delete(String pid) throws IOException;

    /** How the component configuration of {@code declaration} made from configuration {@code pid} is doing. */
    Activation activation(Declaration declaration, String pid);

    /** The state of one component configuration, as far as a distributed service cares. */
    record Activation(Kind kind, Optional<String> failure) {

        static final Activation PENDING = new Activation(Kind.PENDING, Optional.empty());
        static final Activation ACTIVE = new Activation(Kind.ACTIVE, Optional.empty());

        static Activation failed(String failure) {
            return new Activation(Kind.FAILED, Optional.of(failure));
        }

        enum Kind {
            /** Not (yet) satisfied, or not known to the runtime yet. */
            PENDING,
            /** Satisfied or active. */
            ACTIVE,
            /** Its activate method threw. */
            FAILED
        }
    }
}
