package com.example.singleton;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.services.Distributed;

/**
 * Runs once in the cluster. Foundation creates this component's configuration on the member that should run it
 * and deletes it everywhere else; Declarative Services does the rest.
 */
@Component(configurationPid = "com.example.singleton.demo", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Distributed(mode = Distributed.Mode.SINGLETON)
public class SingletonDemo {

    private static final Logger LOG = LoggerFactory.getLogger(SingletonDemo.class);

    /** The configuration Foundation creates: {@code foundation.owner} names the member it runs on. */
    @interface Config {
        String foundation_owner();
    }

    private final String node;

    @Activate
    public SingletonDemo(Config config) {
        node = config.foundation_owner();
        LOG.info("singleton-demo started on {}", node);
    }

    @Deactivate
    void deactivate() {
        LOG.info("singleton-demo stopped on {}", node);
    }
}
