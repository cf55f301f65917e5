package io.foundation.api.services;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.foundation.api.cluster.Member;

/**
 * The node's view of the distributed services declared on it: where each runs and what this node owns. Available
 * as an OSGi service while the node runs. Every member computes the same placement from the same view, so the
 * answers need no round trip.
 */
@ProviderType
public interface DistributedServices {

    /** Configuration property naming the distributed service (its component name). */
    String SERVICE = "foundation.service";
    /** Configuration property holding the key a partitioned instance serves; absent for other modes. */
    String KEY = "foundation.key";
    /** Configuration property holding the name of the member the instance runs on. */
    String OWNER = "foundation.owner";
    /**
     * Configuration property holding the fencing number of a strict singleton's lease: it grows every time the
     * lease changes hands, so a resource can refuse writes carrying an older one.
     */
    String FENCE = "foundation.fence";

    /** Every distributed service declared on this node, sorted by name. */
    List<ServiceState> services();

    /** One service by component name. */
    Optional<ServiceState> service(String name);

    /** The member that should run {@code name} (for {@code key}, if partitioned) in the current view. */
    Optional<Member> owner(String name, String key);

    /** The keys of a partitioned service this node owns now; empty for other modes or unknown names. */
    Set<String> ownedKeys(String name);
}
