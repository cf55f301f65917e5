package io.foundation.api.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Which strategies a node uses and why. Immutable.
 *
 * @param configured what the {@code cluster} setting says, for example {@code [auto]}, {@code [false]} or
 *                   {@code [static, dns]}
 * @param active     the strategies discovery asks, in configured order; empty for a single node
 * @param reason     one line explaining how {@code active} was chosen, such as what {@code auto} detected
 */
public record StrategySelection(List<String> configured, List<String> active, String reason) {

    public StrategySelection {
        configured = List.copyOf(configured);
        active = List.copyOf(active);
        Objects.requireNonNull(reason, "reason");
    }
}
