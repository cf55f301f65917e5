package io.foundation.api.services;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared distributed service as seen by this node at one moment. Immutable.
 *
 * @param name       the component name
 * @param mode       singleton, replicated or partitioned; empty if the declaration is invalid
 * @param guarantee  for singletons, fast or strict
 * @param policy     the split-brain policy in force for it (the cluster's unless the service overrides it)
 * @param placement  key to the name of the member that should run it: {@code ""} for a singleton, member names
 *                   for a replicated service (key = member name), each key for a partitioned one
 * @param local      the instances on this node: key to their state
 * @param problem    why the declaration is invalid or the service cannot run here, empty if nothing is wrong
 */
public record ServiceState(String name, Optional<Distributed.Mode> mode, Distributed.Guarantee guarantee,
                           String policy, Map<String, String> placement, Map<String, Instance> local,
                           Optional<String> problem) {

    public ServiceState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(policy, "policy");
        placement = Map.copyOf(placement);
        local = Map.copyOf(local);
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * One instance on this node.
     *
     * @param state     where it is in its life
     * @param attempts  activations tried since it was placed here (1 after a first, successful one)
     * @param lastError why the last activation failed, empty if it did not
     * @param history   recent transitions, oldest first, for the shell
     */
    public record Instance(State state, int attempts, Optional<String> lastError, List<String> history) {

        public Instance {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(lastError, "lastError");
            history = List.copyOf(history);
        }
    }

    /** Where an instance is in its life on this node. */
    public enum State {
        /** Its configuration exists and Declarative Services is activating it. */
        STARTING,
        /** Active. */
        RUNNING,
        /** Waiting for the previous owner to hand it off, or for a strict singleton's lease. */
        WAITING,
        /** Its activation failed; it is retried on this node after a backoff. */
        FAILED,
        /** The split-brain policy stopped it: this side of a partition does not keep running. */
        STOPPED_BY_POLICY,
        /** Being handed off to its next owner. */
        HANDING_OFF
    }
}
