package io.foundation.core.internal.splitbrain;

import static io.foundation.core.internal.splitbrain.Views.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.View;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.services.SplitBrainPolicy;
import io.foundation.api.services.SplitBrainStatus;
import io.foundation.settings.Overrides;

/** The guard's settings and its answers to the services, without OSGi or a channel. */
class SplitBrainGuardTest {

    private static final View FIVE = view(5, 1, 2, 3, 4, 5);
    private static final Overrides NO_OVERRIDES = new Overrides(Map.of(), key -> null);

    private SplitBrainGuard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.deactivate();
        }
    }

    private SplitBrainGuard guard(Overrides overrides, String setting, View view) {
        guard = new SplitBrainGuard(overrides, setting, new Fixed(view));
        guard.viewChanged(new ViewChange(Optional.empty(), view, false));
        return guard;
    }

    @Test
    void keepMajorityByDefault() {
        SplitBrainStatus status = guard(NO_OVERRIDES, "", FIVE).status();
        assertThat(status.policy()).isEqualTo(SplitBrainPolicy.KEEP_MAJORITY);
        assertThat(status.keeping()).isTrue();
        assertThat(status.problem()).isEmpty();
        assertThat(guard.clusterPolicy()).isEqualTo("keep-majority");
    }

    @Test
    void anUnknownPolicyIsRefusedAndThePreviousStays() {
        guard(NO_OVERRIDES, "keep-oldest", FIVE).configure("keep-most");
        SplitBrainStatus status = guard.status();
        assertThat(status.policy()).isEqualTo(SplitBrainPolicy.KEEP_OLDEST);
        assertThat(status.problem()).get().asString().startsWith("split.brain=keep-most refused: unknown "
                + "split-brain policy 'keep-most'").endsWith("; keeping keep-oldest");

        guard.configure("none");
        assertThat(guard.status().problem()).as("a good setting clears the problem").isEmpty();
        assertThat(guard.status().policy()).isEqualTo(SplitBrainPolicy.NONE);
    }

    @Test
    void aQuorumWithoutSizeOrThatNoSideOrTwoSidesCouldReachIsRefused() {
        guard(NO_OVERRIDES, "keep-majority", FIVE);
        guard.configure("static-quorum");
        assertThat(guard.status().problem()).get().asString().contains("static-quorum needs its size");
        guard.configure("static-quorum:2");
        assertThat(guard.status().problem()).get().asString()
                .contains("static-quorum:2 is not a majority of the current view of 5 members");
        guard.configure("static-quorum:6");
        assertThat(guard.status().problem()).get().asString()
                .contains("static-quorum:6 is larger than the current view of 5 member(s)");
        assertThat(guard.status().policy()).isEqualTo(SplitBrainPolicy.KEEP_MAJORITY);
        assertThat(guard.status().keeping()).isTrue();

        guard.configure("static-quorum:3");
        assertThat(guard.status().problem()).isEmpty();
        assertThat(guard.status().quorum()).isEqualTo(3);
        assertThat(guard.clusterPolicy()).isEqualTo("static-quorum:3");
    }

    @Test
    void aBadSettingAtStartLeavesTheDefault() {
        SplitBrainStatus status = guard(NO_OVERRIDES, "static-quorum:x", FIVE).status();
        assertThat(status.policy()).isEqualTo(SplitBrainPolicy.KEEP_MAJORITY);
        assertThat(status.problem()).get().asString().contains("'x' is not a whole number");
    }

    @Test
    void theEnvironmentAndFrameworkPropertiesOverrideTheFile() {
        Overrides environment = new Overrides(Map.of("FOUNDATION_SPLIT_BRAIN", "keep-oldest"), key -> null);
        assertThat(guard(environment, "none", FIVE).clusterPolicy()).isEqualTo("keep-oldest");
        guard.deactivate();
        Overrides property = new Overrides(Map.of("FOUNDATION_SPLIT_BRAIN", "keep-oldest"),
                key -> key.equals("foundation.split.brain") ? "none" : null);
        assertThat(guard(property, "keep-majority", FIVE).clusterPolicy()).isEqualTo("none");
    }

    @Test
    void answersForAServicePolicyOrTheClusters() {
        guard(NO_OVERRIDES, "keep-majority", FIVE);
        View two = view(6, 4, 5);
        guard.viewChanged(new ViewChange(Optional.of(FIVE), two, false));
        assertThat(guard.keeps(two, "")).isFalse();
        assertThat(guard.keeps(two, null)).isFalse();
        assertThat(guard.keeps(two, "none")).isTrue();
        assertThat(guard.keeps(two, "static-quorum:2")).isTrue();
        assertThat(guard.keeps(FIVE, "keep-majority")).as("an earlier view is still remembered").isTrue();
        assertThat(guard.status().keeping()).isFalse();
        assertThat(guard.status().lastPartition()).get().extracting(SplitBrainStatus.Partition::side)
                .asList().containsExactly("n4", "n5");
    }

    @Test
    void aServicePolicyThatIsWrongIsAnError() {
        guard(NO_OVERRIDES, "keep-majority", FIVE);
        assertThatThrownBy(() -> guard.keeps(FIVE, "majority")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown split-brain policy 'majority'");
        assertThatThrownBy(() -> guard.keeps(FIVE, "static-quorum:0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void aViewTheGuardHasNotSeenIsTakenIntoAccountWhenAsked() {
        guard(NO_OVERRIDES, "keep-majority", FIVE);
        View two = view(6, 4, 5);
        assertThat(guard.keeps(two, "")).isFalse();
        assertThat(guard.status().keeping()).isFalse();
        guard.viewChanged(new ViewChange(Optional.of(FIVE), two, false));
        assertThat(guard.status().keeping()).isFalse();
    }

    @Test
    void aPolicyChangeIsPassedOn() throws InterruptedException {
        guard(NO_OVERRIDES, "keep-majority", FIVE);
        CountDownLatch told = new CountDownLatch(1);
        guard.onPolicyChange(told::countDown);
        guard.configure("keep-majority");
        guard.configure("bogus");
        assertThat(told.getCount()).as("neither the same policy nor a refused one is a change").isEqualTo(1);
        guard.configure("keep-oldest");
        assertThat(told.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    /** A node whose view never changes. */
    private record Fixed(View view) implements Membership {

        @Override
        public String clusterName() {
            return "test";
        }

        @Override
        public Member localMember() {
            return view.members().get(view.size() - 1);
        }

        @Override
        public Optional<String> problem() {
            return Optional.empty();
        }
    }
}
