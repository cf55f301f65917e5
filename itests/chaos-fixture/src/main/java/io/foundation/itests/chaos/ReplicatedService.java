package io.foundation.itests.chaos;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.foundation.api.services.Distributed;

/** One instance on every member. */
@Component(name = ReplicatedService.NAME, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Distributed(mode = Distributed.Mode.REPLICATED)
public class ReplicatedService {

    static final String NAME = "chaos.replicated";

    private final Tenure tenure;

    @Activate
    public ReplicatedService(@Reference Journal journal, Map<String, Object> properties) {
        tenure = Tenure.begin(NAME, journal, properties);
    }

    @Deactivate
    void deactivate() {
        tenure.end();
    }
}
