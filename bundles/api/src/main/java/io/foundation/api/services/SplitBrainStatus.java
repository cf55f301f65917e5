package io.foundation.api.services;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The split-brain guard at one moment. Immutable.
 *
 * @param policy        the cluster's policy
 * @param quorum        the size for {@link SplitBrainPolicy#STATIC_QUORUM}, 0 for other policies
 * @param keeping       this node's side keeps running its singletons and partitioned owners
 * @param reason        why this side keeps running or not, in words
 * @param lastPartition the most recent partition this node saw, if any
 * @param problem       why the configured policy was refused (the previous one stays), empty if it was accepted
 */
public record SplitBrainStatus(SplitBrainPolicy policy, int quorum, boolean keeping, String reason,
                               Optional<Partition> lastPartition, Optional<String> problem) {

    public SplitBrainStatus {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastPartition, "lastPartition");
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * One partition and how it was resolved.
     *
     * @param detected   when this node's view lost members that had not left gracefully
     * @param before     member names of the last full view, oldest first
     * @param side       member names of this node's side
     * @param kept       whether this side kept running
     * @param resolution what the policy decided, in words
     * @param healed     when a merged view rejoined the sides, empty while partitioned
     */
    public record Partition(Instant detected, List<String> before, List<String> side, boolean kept,
                            String resolution, Optional<Instant> healed) {

        public Partition {
            Objects.requireNonNull(detected, "detected");
            before = List.copyOf(before);
            side = List.copyOf(side);
            Objects.requireNonNull(resolution, "resolution");
            Objects.requireNonNull(healed, "healed");
        }
    }
}
