package io.foundation.api.registry;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about changes to the entries a watch matches. Calls for one watch never overlap and come in the order the
 * node saw the changes; an exception is logged and does not end the watch.
 */
@ConsumerType
@FunctionalInterface
public interface RegistryListener {

    void changed(RegistryEvent event);
}
