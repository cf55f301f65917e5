package io.foundation.core.internal.splitbrain;

import static io.foundation.core.internal.splitbrain.Views.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.View;
import io.foundation.api.services.SplitBrainPolicy;
import io.foundation.api.services.SplitBrainStatus.Partition;

/** The guard's decisions over sequences of views, each side seen from one of its own nodes. */
class VerdictsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final PolicySetting MAJORITY = PolicySetting.DEFAULT;
    private static final PolicySetting OLDEST = new PolicySetting(SplitBrainPolicy.KEEP_OLDEST, 0);
    private static final PolicySetting NONE = new PolicySetting(SplitBrainPolicy.NONE, 0);

    private static Verdicts seeing(PolicySetting policy, View... views) {
        Verdicts verdicts = new Verdicts(policy);
        for (View v : views) {
            verdicts.observe(v, false, T0);
        }
        return verdicts;
    }

    @Test
    void theFirstViewIsTheReferenceAndKeeps() {
        Verdicts alone = seeing(MAJORITY, view(1, 1));
        assertThat(alone.keeping()).isTrue();
        assertThat(alone.lastPartition()).isEmpty();
    }

    @Test
    void fiveSplitThreeTwoTheThreeKeepTheTwoStopAndAllKeepAfterTheHeal() {
        View five = view(5, 1, 2, 3, 4, 5);
        Verdicts three = seeing(MAJORITY, five);
        Verdicts two = seeing(MAJORITY, five);

        List<String> threeSays = three.observe(view(6, 1, 2, 3), false, T0);
        List<String> twoSays = two.observe(view(7, 4, 5), false, T0);

        assertThat(three.keeping()).isTrue();
        assertThat(three.reason()).contains("3 of the 5");
        assertThat(threeSays).singleElement().asString().startsWith("partition: [n4, n5] left the view")
                .contains("keeps running");
        assertThat(two.keeping()).isFalse();
        assertThat(two.reason()).contains("2 of the 5").contains("not a majority");
        assertThat(twoSays).singleElement().asString().startsWith("partition: [n1, n2, n3]").contains("stops");
        Partition partition = two.lastPartition().orElseThrow();
        assertThat(partition.before()).containsExactly("n1", "n2", "n3", "n4", "n5");
        assertThat(partition.side()).containsExactly("n4", "n5");
        assertThat(partition.kept()).isFalse();
        assertThat(partition.healed()).isEmpty();

        View healed = view(8, 1, 2, 3, 4, 5);
        List<String> threeMerge = three.observe(healed, true, T0.plusSeconds(9));
        List<String> twoMerge = two.observe(healed, true, T0.plusSeconds(9));

        assertThat(three.keeping()).isTrue();
        assertThat(two.keeping()).isTrue();
        assertThat(twoMerge).singleElement().asString()
                .startsWith("merge of [n4, n5] (this side, stopped) and [n1, n2, n3]: the partition healed; "
                        + "resolved by keep-majority").endsWith("keeps running");
        assertThat(threeMerge).singleElement().asString()
                .startsWith("merge of [n1, n2, n3] (this side, running) and [n4, n5]");
        assertThat(two.lastPartition().orElseThrow().healed()).contains(T0.plusSeconds(9));
    }

    @Test
    void anEvenSplitKeepsTheSideWithTheOldest() {
        View four = view(4, 1, 2, 3, 4);
        Verdicts withOldest = seeing(MAJORITY, four, view(5, 1, 2));
        Verdicts without = seeing(MAJORITY, four, view(6, 3, 4));
        assertThat(withOldest.keeping()).isTrue();
        assertThat(withOldest.reason()).contains("exactly half, with its oldest member n1");
        assertThat(without.keeping()).isFalse();
        assertThat(without.reason()).contains("exactly half, without its oldest member n1");
    }

    @Test
    void aCrashOfOneOfThreeKeeps() {
        Verdicts survivor = seeing(MAJORITY, view(3, 1, 2, 3), view(4, 1, 3));
        assertThat(survivor.keeping()).isTrue();
        assertThat(survivor.lastPartition()).isPresent();
        survivor.observe(view(5, 1), false, T0);
        assertThat(survivor.keeping()).as("a second crash leaves 1 of the 3").isFalse();
        survivor.observe(view(6, 1, 2, 3), false, T0);
        assertThat(survivor.keeping()).as("both came back").isTrue();
        assertThat(survivor.lastPartition().orElseThrow().healed()).isPresent();
    }

    @Test
    void stoppingThreeOfFiveOneByOneGracefullyKeepsAndIsNoPartition() {
        Verdicts last = seeing(MAJORITY, view(5, 1, 2, 3, 4, 5));
        long id = 6;
        for (int leaver = 1; leaver <= 3; leaver++) {
            assertThat(last.leave("id-" + leaver)).isEmpty();
            int[] rest = java.util.stream.IntStream.rangeClosed(leaver + 1, 5).toArray();
            assertThat(last.observe(view(id++, rest), false, T0)).isEmpty();
            assertThat(last.keeping()).as("after %d left", leaver).isTrue();
        }
        assertThat(last.lastPartition()).isEmpty();
        assertThat(last.reason()).contains("2 of the 2");
        assertThat(last.observe(view(id, 4), false, T0)).singleElement().asString().contains("keeps running");
        assertThat(last.keeping()).as("n4 alone after n5 crashed: half of the reference, not the oldest").isTrue();
    }

    @Test
    void aCrashOfThreeOfFiveAtOnceStopsTheTwoSurvivorsUntilTheOthersComeBack() {
        Verdicts survivors = seeing(MAJORITY, view(5, 1, 2, 3, 4, 5), view(6, 4, 5));
        assertThat(survivors.keeping()).isFalse();

        survivors.observe(view(7, 4, 5, 6), false, T0);
        assertThat(survivors.keeping()).as("a new member does not count towards the last full view").isFalse();

        survivors.observe(view(8, 4, 5, 6, 1), false, T0);
        assertThat(survivors.keeping()).as("3 of the 5 are back").isTrue();
        assertThat(survivors.reason()).contains("3 of the 5");
    }

    @Test
    void aLosingSideKeepsLosingWhenItShrinksFurther() {
        Verdicts two = seeing(MAJORITY, view(5, 1, 2, 3, 4, 5), view(6, 4, 5), view(7, 4));
        assertThat(two.keeping()).isFalse();
        assertThat(two.lastPartition().orElseThrow().before()).containsExactly("n1", "n2", "n3", "n4", "n5");
    }

    @Test
    void aSideThatLosesMembersOneAtATimeIsJudgedAgainstTheViewBeforeTheFirstLoss() {
        Verdicts minority = seeing(MAJORITY, view(6, 4, 3, 1, 2, 5));
        minority.observe(view(7, 4, 2, 5), false, T0);
        assertThat(minority.keeping()).as("3 of the 5, for now").isTrue();
        minority.observe(view(8, 4, 5), true, T0);
        assertThat(minority.keeping()).isFalse();
        assertThat(minority.reason()).contains("2 of the 5");
    }

    @Test
    void aWinningSideThatGrowsMakesItsViewTheNewReference() {
        Verdicts three = seeing(MAJORITY, view(5, 1, 2, 3, 4, 5), view(6, 1, 2, 3));
        three.observe(view(7, 1, 2, 3, 6), false, T0);
        three.observe(view(8, 1, 2, 6), false, T0);
        assertThat(three.keeping()).as("3 of the 4 of the grown view").isTrue();
        assertThat(three.reason()).contains("3 of the 4");
    }

    @Test
    void aMergeThatBringsNobodyNewIsNoMerge() {
        Verdicts verdicts = seeing(MAJORITY, view(5, 1, 2, 3));
        assertThat(verdicts.observe(view(6, 1, 2), true, T0)).singleElement().asString().startsWith("partition:");
    }

    @Test
    void aLeaveAnnouncedAfterTheViewWithoutTheLeaverIsTakenIntoAccount() {
        Verdicts younger = seeing(MAJORITY, view(2, 1, 2), view(3, 2));
        assertThat(younger.keeping()).isFalse();
        assertThat(younger.leave("id-1")).get().asString().startsWith("n1 announced its leave").contains("keeps");
        assertThat(younger.keeping()).isTrue();
        assertThat(younger.lastPartition().orElseThrow().kept()).isTrue();
        assertThat(younger.leave("id-1")).isEmpty();
    }

    @Test
    void keepOldestKeepsTheSideOfTheOldestWhateverItsSize() {
        View five = view(5, 1, 2, 3, 4, 5);
        Verdicts oldestAlone = seeing(OLDEST, five, view(6, 1));
        Verdicts others = seeing(OLDEST, five, view(7, 2, 3, 4, 5));
        assertThat(oldestAlone.keeping()).isTrue();
        assertThat(others.keeping()).isFalse();
        assertThat(others.reason()).contains("lacks n1");
        assertThat(others.judge(MAJORITY, view(7, 2, 3, 4, 5)).keeps())
                .as("the same side under keep-majority").isTrue();
        assertThat(oldestAlone.judge(MAJORITY, view(6, 1)).keeps()).isFalse();
    }

    @Test
    void staticQuorumCountsTheSide() {
        PolicySetting three = new PolicySetting(SplitBrainPolicy.STATIC_QUORUM, 3);
        View five = view(5, 1, 2, 3, 4, 5);
        assertThat(seeing(three, five, view(6, 1, 2, 3)).keeping()).isTrue();
        Verdicts two = seeing(three, five, view(7, 4, 5));
        assertThat(two.keeping()).isFalse();
        assertThat(two.reason()).isEqualTo("static-quorum:3: this side has 2 member(s), fewer than the quorum of 3");
    }

    @Test
    void noneKeepsEverySide() {
        View five = view(5, 1, 2, 3, 4, 5);
        assertThat(seeing(NONE, five, view(6, 1, 2, 3)).keeping()).isTrue();
        assertThat(seeing(NONE, five, view(7, 4, 5)).keeping()).isTrue();
    }

    @Test
    void aServicePolicyIsJudgedFromTheSameHistoryWhateverTheClusterPolicy() {
        View split = view(7, 4, 5);
        Verdicts two = seeing(NONE, view(5, 1, 2, 3, 4, 5), split);
        assertThat(two.keeping()).isTrue();
        assertThat(two.judge(MAJORITY, split).keeps()).isFalse();

        View joined = view(8, 4, 5, 6);
        two.observe(joined, false, T0);
        assertThat(two.judge(MAJORITY, joined).keeps()).as("still 2 of the 5 for keep-majority").isFalse();
    }

    @Test
    void switchingPolicyDuringAPartitionChangesTheVerdictAndBack() {
        Verdicts two = seeing(MAJORITY, view(5, 1, 2, 3, 4, 5), view(6, 4, 5));
        assertThat(two.policy(NONE)).get().asString().contains("keeps running");
        assertThat(two.keeping()).isTrue();
        assertThat(two.policy(MAJORITY)).get().asString().contains("stops");
        assertThat(two.keeping()).isFalse();
    }

    @Test
    void aNodeThatLeavesOnPurposeStartsAfreshInItsNextCluster() {
        Verdicts node = seeing(MAJORITY, view(5, 1, 2, 3, 4, 5));
        node.restart();
        assertThat(node.newer(view(2, 1))).isTrue();
        assertThat(node.observe(view(2, 1), false, T0)).isEmpty();
        assertThat(node.keeping()).isTrue();
    }

    @Test
    void aViewAlreadySeenChangesNothing() {
        View five = view(5, 1, 2, 3, 4, 5);
        View three = view(6, 1, 2, 3);
        Verdicts verdicts = seeing(MAJORITY, five, three);
        assertThat(verdicts.observe(three, false, T0)).isEmpty();
        assertThat(verdicts.judge(MAJORITY, five).keeps()).isTrue();
        assertThat(verdicts.newer(five)).isFalse();
    }
}
