package io.foundation.itests.chaos;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.foundation.api.services.Distributed;

/** A singleton placed by the view: at most one instance per side the split-brain policy keeps. */
@Component(name = FastSingleton.NAME, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Distributed(mode = Distributed.Mode.SINGLETON, guarantee = Distributed.Guarantee.FAST)
public class FastSingleton {

    static final String NAME = "chaos.fast";

    private final Tenure tenure;

    @Activate
    public FastSingleton(@Reference Journal journal, Map<String, Object> properties) {
        tenure = Tenure.begin(NAME, journal, properties);
    }

    @Deactivate
    void deactivate() {
        tenure.end();
    }
}
