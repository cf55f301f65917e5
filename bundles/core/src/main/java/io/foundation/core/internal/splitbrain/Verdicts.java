package io.foundation.core.internal.splitbrain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.View;
import io.foundation.api.services.SplitBrainPolicy;
import io.foundation.api.services.SplitBrainStatus.Partition;

/**
 * What the split-brain guard remembers of the views it saw and what it concludes from them. The policies that look
 * back, keep-majority and keep-oldest, each keep a reference: the last whole view before members went missing
 * without announcing their leave (a crash or a partition, which look alike), less the members that announced a
 * graceful leave since. Every view is judged against it; a view in which the side keeps running becomes the new
 * reference when it is whole again or grew. Each policy keeps its own reference, so a side judged by one
 * policy is judged from the same history whichever policy is asked.
 *
 * <p>Not thread-safe: the guard serialises every call.
 */
final class Verdicts {

    /** How many past views can still be asked about: listeners of the same view may run a little behind. */
    private static final int HISTORY = 64;
    private static final List<SplitBrainPolicy> LOOKING_BACK =
            List.of(SplitBrainPolicy.KEEP_MAJORITY, SplitBrainPolicy.KEEP_OLDEST);

    /** A member as the reference remembers it. */
    record Ref(String id, String name) {
    }

    /** Whether a side keeps running, and why, in words. */
    record Verdict(boolean keeps, String reason) {
    }

    private final Map<SplitBrainPolicy, List<Ref>> references = new EnumMap<>(SplitBrainPolicy.class);
    /** For each recent view, the references it was judged against. */
    private final Map<View, Map<SplitBrainPolicy, List<Ref>>> judged = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<View, Map<SplitBrainPolicy, List<Ref>>> eldest) {
            return size() > HISTORY;
        }
    };
    /** Members that announced their leave and are still in the current view. */
    private final Set<String> leaving = new HashSet<>();
    private PolicySetting policy;
    private View current;
    private boolean fresh = true;
    private Verdict verdict = new Verdict(true, "no view yet");
    private Optional<Partition> lastPartition = Optional.empty();
    /** Ids of the members of the last partition's reference, to tell when it healed. */
    private Set<String> partitioned = Set.of();

    Verdicts(PolicySetting policy) {
        this.policy = policy;
    }

    PolicySetting policy() {
        return policy;
    }

    /** The current view, or null before the first. */
    View current() {
        return current;
    }

    boolean keeping() {
        return verdict.keeps();
    }

    String reason() {
        return verdict.reason();
    }

    Optional<Partition> lastPartition() {
        return lastPartition;
    }

    boolean seen(View view) {
        return judged.containsKey(view);
    }

    /**
     * Whether {@code view}, not yet seen, is one still to come rather than one too old to be remembered: view ids
     * grow within a cluster, and a node that left on purpose starts over with whatever ids its next cluster has.
     */
    boolean newer(View view) {
        return current == null || fresh || view.id() > current.id();
    }

    /**
     * Takes {@code view} into account, once; returns the decisions worth a log line.
     *
     * @param merged the view joins views that were separated by a partition
     */
    List<String> observe(View view, boolean merged, Instant now) {
        if (judged.containsKey(view)) {
            return List.of();
        }
        Set<String> present = ids(view.members());
        Set<String> departed = new HashSet<>(leaving);
        departed.removeAll(present);
        leaving.removeAll(departed);
        references.replaceAll((p, reference) -> without(reference, departed));
        View previous = current;
        current = view;
        if (fresh || previous == null) {
            fresh = false;
            LOOKING_BACK.forEach(p -> references.put(p, refs(view.members())));
            judged.put(view, new EnumMap<>(references));
            verdict = judge(policy, view);
            return List.of();
        }
        judged.put(view, new EnumMap<>(references));
        Set<String> earlier = ids(previous.members());
        boolean grew = view.members().stream().anyMatch(m -> !earlier.contains(m.id()));
        for (SplitBrainPolicy p : LOOKING_BACK) {
            advance(p, view, grew);
        }
        boolean was = verdict.keeps();
        verdict = judge(policy, view);
        List<String> lines = new ArrayList<>();
        List<Member> lost = previous.members().stream()
                .filter(m -> !present.contains(m.id()) && !departed.contains(m.id())).toList();
        if (!lost.isEmpty()) {
            List<Ref> before = judged.get(view).get(track(policy.policy()));
            partitioned = before.stream().map(Ref::id).collect(Collectors.toSet());
            lastPartition = Optional.of(new Partition(now, names(before), view.names(), verdict.keeps(),
                    verdict.reason(), Optional.empty()));
            lines.add("partition: " + lost.stream().map(Member::name).toList() + " left the view without announcing it (a crash or a partition); "
                    + "this side " + view.names() + " of the last full view " + names(before) + " "
                    + (verdict.keeps() ? "keeps running" : "stops its singletons and partitioned owners") + ": "
                    + verdict.reason());
        }
        boolean healed = lastPartition.filter(p -> p.healed().isEmpty()).isPresent()
                && present.containsAll(partitioned);
        if (healed) {
            Partition p = lastPartition.get();
            lastPartition = Optional.of(new Partition(p.detected(), p.before(), p.side(), p.kept(),
                    p.resolution(), Optional.of(now)));
        }
        List<String> others = view.members().stream().filter(m -> !earlier.contains(m.id())).map(Member::name)
                .toList();
        if (merged && !others.isEmpty()) {
            List<String> side = view.members().stream().filter(m -> earlier.contains(m.id())).map(Member::name)
                    .toList();
            lines.add("merge of " + side + " (this side, " + (was ? "running" : "stopped") + ") and " + others
                    + ": " + (healed ? "the partition healed; " : "") + "resolved by " + verdict.reason() + ": "
                    + (verdict.keeps() ? "keeps running" : "stays stopped"));
        } else if (lost.isEmpty() && was != verdict.keeps()) {
            lines.add("side " + view.names() + (verdict.keeps() ? " keeps running again" : " stops") + ": "
                    + verdict.reason());
        }
        return lines;
    }

    /**
     * A member announced a graceful leave. If it is already gone from the current view (the announcement came
     * after the view), it leaves the references now and the current view is judged again.
     *
     * @return the decision worth a log line if the verdict of some policy changed, else empty
     */
    Optional<String> leave(String id) {
        if (current == null) {
            return Optional.empty();
        }
        if (current.member(id).isPresent()) {
            leaving.add(id);
            return Optional.empty();
        }
        Map<SplitBrainPolicy, List<Ref>> before = judged.get(current);
        if (before.values().stream().noneMatch(r -> r.stream().anyMatch(m -> m.id().equals(id)))) {
            return Optional.empty();
        }
        Map<SplitBrainPolicy, Boolean> verdictsBefore = new EnumMap<>(SplitBrainPolicy.class);
        LOOKING_BACK.forEach(p -> verdictsBefore.put(p, judge(new PolicySetting(p, 0), current).keeps()));
        String name = before.values().stream().flatMap(List::stream).filter(m -> m.id().equals(id))
                .map(Ref::name).findFirst().orElse(id);
        Set<String> gone = Set.of(id);
        before.replaceAll((p, reference) -> without(reference, gone));
        references.replaceAll((p, reference) -> without(reference, gone));
        partitioned = partitioned.stream().filter(m -> !m.equals(id)).collect(Collectors.toSet());
        boolean changed = false;
        for (SplitBrainPolicy p : LOOKING_BACK) {
            changed |= advance(p, current, false) != verdictsBefore.get(p);
        }
        boolean was = verdict.keeps();
        verdict = judge(policy, current);
        if (!changed && was == verdict.keeps()) {
            return Optional.empty();
        }
        lastPartition = lastPartition.map(p -> new Partition(p.detected(), p.before(), p.side(), verdict.keeps(),
                p.resolution() + "; then " + name + " announced its leave: " + verdict.reason(), p.healed()));
        return Optional.of(name + " announced its leave after the view without it; side " + current.names() + " "
                + (verdict.keeps() ? "keeps running" : "stops") + ": " + verdict.reason());
    }

    /** This node leaves the cluster on purpose (it stops or restarts its transport): its next view starts afresh. */
    void restart() {
        fresh = true;
        leaving.clear();
    }

    /** Switches the cluster's policy; returns the decision worth a log line if the verdict changed. */
    Optional<String> policy(PolicySetting next) {
        boolean was = verdict.keeps();
        policy = next;
        if (current == null) {
            return Optional.empty();
        }
        verdict = judge(next, current);
        return was == verdict.keeps() ? Optional.empty()
                : Optional.of("policy " + next.text() + ": side " + current.names() + " "
                        + (verdict.keeps() ? "keeps running" : "stops") + ": " + verdict.reason());
    }

    /**
     * Judges {@code view} under {@code policy} and makes it that policy's reference if its side keeps running and
     * the view is whole again (every member of the reference is in it) or grew. A view that only lost members does
     * not become the reference even where its side keeps running: a partition is seen as a series of views that
     * lose a member or two each, and each of them is judged against the view before the first loss.
     *
     * @return whether the side keeps running
     */
    private boolean advance(SplitBrainPolicy policy, View view, boolean grew) {
        boolean keeps = judge(new PolicySetting(policy, 0), view).keeps();
        Set<String> present = ids(view.members());
        boolean whole = references.get(policy).stream().allMatch(m -> present.contains(m.id()));
        if (keeps && (whole || grew)) {
            references.put(policy, refs(view.members()));
        }
        return keeps;
    }

    /** The verdict of {@code setting} on a view already {@link #observe observed}. */
    Verdict judge(PolicySetting setting, View view) {
        Map<SplitBrainPolicy, List<Ref>> against = judged.get(view);
        if (against == null) {
            throw new IllegalStateException("view " + view.id() + " was not observed");
        }
        Set<String> side = ids(view.members());
        return switch (setting.policy()) {
            case NONE -> new Verdict(true, "none: every side keeps running");
            case STATIC_QUORUM -> view.size() >= setting.quorum()
                    ? new Verdict(true, setting.text() + ": this side has " + view.size() + " member(s), at least "
                    + "the quorum of " + setting.quorum())
                    : new Verdict(false, setting.text() + ": this side has " + view.size() + " member(s), fewer "
                    + "than the quorum of " + setting.quorum());
            case KEEP_OLDEST -> oldest(against.get(SplitBrainPolicy.KEEP_OLDEST), side);
            case KEEP_MAJORITY -> majority(against.get(SplitBrainPolicy.KEEP_MAJORITY), side);
        };
    }

    private static Verdict majority(List<Ref> reference, Set<String> side) {
        long here = reference.stream().filter(m -> side.contains(m.id())).count();
        int all = reference.size();
        String counted = "keep-majority: this side holds " + here + " of the " + all + " members of the last full "
                + "view";
        if (here * 2 > all) {
            return new Verdict(true, counted);
        }
        if (here * 2 == all) {
            Ref oldest = reference.get(0);
            return side.contains(oldest.id())
                    ? new Verdict(true, counted + ", exactly half, with its oldest member " + oldest.name())
                    : new Verdict(false, counted + ", exactly half, without its oldest member " + oldest.name());
        }
        return new Verdict(false, counted + ", not a majority");
    }

    private static Verdict oldest(List<Ref> reference, Set<String> side) {
        Ref oldest = reference.get(0);
        return side.contains(oldest.id())
                ? new Verdict(true, "keep-oldest: this side holds " + oldest.name() + ", the oldest member of the "
                + "last full view")
                : new Verdict(false, "keep-oldest: this side lacks " + oldest.name() + ", the oldest member of the "
                + "last full view");
    }

    private static SplitBrainPolicy track(SplitBrainPolicy policy) {
        return policy == SplitBrainPolicy.KEEP_OLDEST ? SplitBrainPolicy.KEEP_OLDEST : SplitBrainPolicy.KEEP_MAJORITY;
    }

    private static List<Ref> without(List<Ref> reference, Set<String> ids) {
        if (ids.isEmpty()) {
            return reference;
        }
        return reference.stream().filter(m -> !ids.contains(m.id())).toList();
    }

    private static List<Ref> refs(List<Member> members) {
        return members.stream().map(m -> new Ref(m.id(), m.name())).toList();
    }

    private static Set<String> ids(List<Member> members) {
        return members.stream().map(Member::id).collect(Collectors.toSet());
    }

    private static List<String> names(List<Ref> reference) {
        return reference.stream().map(Ref::name).toList();
    }
}
