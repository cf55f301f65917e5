package io.foundation.core.internal.splitbrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.foundation.api.services.SplitBrainPolicy;

class PolicySettingTest {

    @Test
    void readsEveryPolicy() {
        assertThat(PolicySetting.parse("keep-majority")).isEqualTo(PolicySetting.DEFAULT);
        assertThat(PolicySetting.parse(" KEEP_OLDEST ").policy()).isEqualTo(SplitBrainPolicy.KEEP_OLDEST);
        assertThat(PolicySetting.parse("none").policy()).isEqualTo(SplitBrainPolicy.NONE);
        PolicySetting quorum = PolicySetting.parse("static-quorum: 3");
        assertThat(quorum.quorum()).isEqualTo(3);
        assertThat(quorum.text()).isEqualTo("static-quorum:3");
    }

    @Test
    void refusesWhatIsNotAPolicy() {
        assertThatThrownBy(() -> PolicySetting.parse("keep-everything"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-everything")
                .hasMessageContaining("keep-majority, keep-oldest, static-quorum:N or none");
        assertThatThrownBy(() -> PolicySetting.parse("static-quorum"))
                .hasMessageContaining("static-quorum needs its size");
        assertThatThrownBy(() -> PolicySetting.parse("static-quorum:0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> PolicySetting.parse("static-quorum:-2")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> PolicySetting.parse("static-quorum:three")).hasMessageContaining("not a whole");
        assertThatThrownBy(() -> PolicySetting.parse("keep-majority:3")).hasMessageContaining("takes no size");
    }

    @Test
    void aQuorumMustBeAMajorityOfTheViewAndFitInIt() {
        PolicySetting two = PolicySetting.parse("static-quorum:2");
        PolicySetting three = PolicySetting.parse("static-quorum:3");
        PolicySetting six = PolicySetting.parse("static-quorum:6");
        assertThat(two.conflictWith(5)).contains("not a majority of the current view of 5").contains("at least 3");
        assertThat(three.conflictWith(5)).isNull();
        assertThat(three.conflictWith(4)).isNull();
        assertThat(three.conflictWith(6)).contains("two sides of 3 could both keep running");
        assertThat(six.conflictWith(5)).contains("larger than the current view of 5").contains("no side");
        assertThat(six.conflictWith(1)).as("a node alone cannot know its cluster's size").isNull();
        assertThat(PolicySetting.DEFAULT.conflictWith(2)).isNull();
    }
}
