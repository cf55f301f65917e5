package io.foundation.api.services;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a Declarative Services component as a distributed service. Put it beside {@code @Component} together
 * with {@code configurationPolicy = ConfigurationPolicy.REQUIRE} (and {@code immediate = true} if the component
 * provides a service): the node then creates the component's configuration only where it should run.
 *
 * <pre>{@code
 * @Component(configurationPid = "com.example.Billing", configurationPolicy = ConfigurationPolicy.REQUIRE,
 *            immediate = true)
 * @Distributed(mode = Distributed.Mode.SINGLETON)
 * public class Billing { ... }
 * }</pre>
 *
 * <p>Each element becomes a component property named {@code foundation.distributed.<element>}; a component may set
 * those properties directly instead. The configuration the node creates carries the component's own properties
 * plus {@link DistributedServices#SERVICE}, {@link DistributedServices#KEY} and {@link DistributedServices#OWNER}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Distributed {

    /** Prefix of the component properties this annotation stands for. */
    String PREFIX_ = "foundation.distributed.";

    /** Where the service runs: {@code foundation.distributed.mode}. */
    Mode mode();

    /** For singletons, how strong "only one" is: {@code foundation.distributed.guarantee}. */
    Guarantee guarantee() default Guarantee.FAST;

    /**
     * Only members with at least one of these roles ({@link io.foundation.api.cluster.Member#roles()}) run the
     * service; empty means every member: {@code foundation.distributed.roles}.
     */
    String[] roles() default {};

    /** For partitioned services, the keys: {@code foundation.distributed.keys}. */
    String[] keys() default {};

    /**
     * For partitioned services, a number of numbered keys {@code "0"} to {@code partitions - 1}, added to
     * {@link #keys()}: {@code foundation.distributed.partitions}.
     */
    int partitions() default 0;

    /**
     * The split-brain policy for this service, overriding the cluster's; empty means the cluster's, see
     * {@link SplitBrainPolicy#parse(String)}: {@code foundation.distributed.policy}.
     */
    String policy() default "";

    /**
     * How long a {@link Handoff} may take before the instance is stopped anyway, in milliseconds:
     * {@code foundation.distributed.handoff}.
     */
    long handoff() default 5000;

    /** Where a distributed service runs. */
    enum Mode {
        /** Once in the cluster (once per side a split-brain policy keeps, for {@link Guarantee#FAST}). */
        SINGLETON,
        /** Once on every member (with a matching role). */
        REPLICATED,
        /** Once per key, on the member that owns the key. */
        PARTITIONED
    }

    /** How a singleton is kept single. */
    enum Guarantee {
        /**
         * Placed by the view: the oldest eligible member of each side that the split-brain policy keeps runs it.
         * Fails over as soon as the view drops the owner (about a second after a crash). Two instances can run
         * only while two sides of a partition both keep running, which {@link SplitBrainPolicy#NONE} allows and the
         * other policies prevent once the partition is detected.
         */
        FAST,
        /**
         * Held through a lease agreed by a majority of the cluster's consensus members (jgroups-raft): never two
         * instances at once anywhere, provided clocks on the members run at about the same rate. Stops on a side
         * without a majority, and needs the consensus members configured.
         */
        STRICT
    }
}
