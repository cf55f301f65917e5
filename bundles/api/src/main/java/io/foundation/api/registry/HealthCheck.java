package io.foundation.api.registry;

import org.osgi.annotation.versioning.ConsumerType;

/** A local probe of an instance's health, run by its owner's node; see {@link Handle#check}. */
@ConsumerType
@FunctionalInterface
public interface HealthCheck {

    Health check() throws Exception;
}
