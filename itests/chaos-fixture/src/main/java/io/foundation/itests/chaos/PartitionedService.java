package io.foundation.itests.chaos;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.foundation.api.services.Distributed;

/** One instance for each of the keys 0 to 15, on the key's owner. */
@Component(name = PartitionedService.NAME, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Distributed(mode = Distributed.Mode.PARTITIONED, partitions = PartitionedService.PARTITIONS)
public class PartitionedService {

    static final String NAME = "chaos.partitioned";
    static final int PARTITIONS = 16;

    private final Tenure tenure;

    @Activate
    public PartitionedService(@Reference Journal journal, Map<String, Object> properties) {
        tenure = Tenure.begin(NAME, journal, properties);
    }

    @Deactivate
    void deactivate() {
        tenure.end();
    }
}
