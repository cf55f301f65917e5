package io.foundation.api.mabeam;

import org.osgi.annotation.versioning.ConsumerType;

/** The input of one protocol run: immutable data that can be read from JSON and sent between nodes. */
@ConsumerType
public interface Problem {
}
