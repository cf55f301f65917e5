package io.foundation.api.mabeam;

import org.osgi.annotation.versioning.ConsumerType;

/** The result of one protocol run: immutable data with the measurements every mechanism reports. */
@ConsumerType
public interface Outcome {

    /** Welfare, revenue, efficiency, rounds and messages of this run. */
    Measurements measurements();
}
