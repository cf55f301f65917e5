package io.foundation.api.cluster;

import java.util.Collection;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers "where might peers be?" for one discovery mechanism (static list, DNS, Kubernetes, ...). Register an
 * implementation as an OSGi service; the node uses it when its {@code cluster} setting names it.
 *
 * <p>A strategy never decides membership: the node asks every active strategy for {@link #seeds(String)} on each
 * discovery round, contacts the seeds, and the cluster transport agrees on the view. Adding, removing or swapping
 * strategies therefore changes only future discovery, never the current members.
 *
 * <p>Each call is made with a deadline: a strategy that throws or does not answer in time is logged and skipped
 * for that round while the other strategies still count. Calls may come from several threads.
 */
@ConsumerType
public interface ClusterStrategy {

    /** The name operators use to select this strategy, for example {@code static} or {@code etcd}. Constant. */
    String name();

    /**
     * Where peers of {@code cluster} might be listening now. May block for I/O; should return what it knows rather
     * than fail when part of its source is unavailable.
     *
     * @param cluster the cluster name; strategies that register nodes use it to return only that cluster's peers
     * @throws StaleSeedsException when the source cannot be read now but earlier seeds are still worth trying
     * @throws Exception when the source of seeds cannot be read at all; the message is shown to the operator
     */
    Collection<Seed> seeds(String cluster) throws Exception;

    /**
     * Makes the local node findable, for strategies that register nodes (mDNS, Consul, a shared directory). Called
     * before every {@link #seeds(String)} while the strategy is active, so a registration lost elsewhere comes back;
     * must be idempotent and cheap when nothing changed. A failure is reported and does not stop {@code seeds}.
     */
    default void advertise(String cluster, Member self) throws Exception {
    }

    /** Undoes {@link #advertise}; called when the strategy stops being active and when the node stops. */
    default void withdraw(String cluster, Member self) throws Exception {
    }

    /**
     * What is wrong with this strategy's own configuration, found without network I/O, for example "dns.name is not
     * set". A node refuses to switch to a strategy that reports a problem and keeps the strategies it has; a source
     * that is merely unreachable is not a configuration problem (report that from {@link #seeds(String)}).
     */
    default Optional<String> configurationProblem() {
        return Optional.empty();
    }

    /**
     * For {@code cluster=auto}: why this strategy is the right one where the node runs, for example "inside
     * Kubernetes (service account present)", or empty. Auto uses every strategy that answers here, and only when none
     * does, the local and LAN strategies. Checked without network I/O, whenever strategies come and go.
     */
    default Optional<String> detect() {
        return Optional.empty();
    }
}
