package io.foundation.itests.chaos;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.foundation.api.services.Distributed;

/** A singleton held by a lease: never two instances anywhere at once. */
@Component(name = StrictSingleton.NAME, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Distributed(mode = Distributed.Mode.SINGLETON, guarantee = Distributed.Guarantee.STRICT)
public class StrictSingleton {

    static final String NAME = "chaos.strict";

    private final Tenure tenure;

    @Activate
    public StrictSingleton(@Reference Journal journal, Map<String, Object> properties) {
        tenure = Tenure.begin(NAME, journal, properties);
    }

    @Deactivate
    void deactivate() {
        tenure.end();
    }
}
