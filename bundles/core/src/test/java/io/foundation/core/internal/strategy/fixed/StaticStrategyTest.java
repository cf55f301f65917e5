package io.foundation.core.internal.strategy.fixed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.Seed;
import io.foundation.settings.Overrides;

class StaticStrategyTest {

    @Test
    void listsTheConfiguredSeeds() {
        StaticStrategy s = new StaticStrategy(new Overrides(Map.of(), k -> null),
                Map.of("static.seeds", "10.0.0.1:7800, node-b ,[::1]:7801"));
        assertThat(s.seeds("any")).containsExactly(Seed.of("10.0.0.1", 7800), Seed.of("node-b"), Seed.of("::1", 7801));
    }

    @Test
    void aBadListIsRefusedWholeAndThePreviousOneKept() {
        StaticStrategy s = new StaticStrategy(new Overrides(Map.of(), k -> null),
                Map.of("static.seeds", "10.0.0.1:7800"));
        s.modified(Map.of("static.seeds", "10.0.0.2:7800,10.0.0.3:port"));
        assertThat(s.seeds("any")).containsExactly(Seed.of("10.0.0.1", 7800));
    }

    @Test
    void environmentOverridesTheFileAndAnEmptyListSaysWhatToDo() {
        StaticStrategy s = new StaticStrategy(new Overrides(Map.of("FOUNDATION_SEEDS", "10.0.0.9:7800"), k -> null),
                Map.of("static.seeds", "10.0.0.1:7800"));
        assertThat(s.seeds("any")).containsExactly(Seed.of("10.0.0.9", 7800));
        StaticStrategy empty = new StaticStrategy(new Overrides(Map.of(), k -> null), Map.of());
        assertThatThrownBy(() -> empty.seeds("any")).hasMessageContaining("static.seeds is empty");
    }
}
