package io.foundation.core.internal.splitbrain;

import io.foundation.api.services.SplitBrainPolicy;

/**
 * A split-brain policy as written in a setting: the policy and, for {@code static-quorum}, its size. Immutable.
 *
 * @param policy the policy
 * @param quorum the size for {@link SplitBrainPolicy#STATIC_QUORUM}, 0 for the others
 */
record PolicySetting(SplitBrainPolicy policy, int quorum) {

    static final PolicySetting DEFAULT = new PolicySetting(SplitBrainPolicy.KEEP_MAJORITY, 0);

    PolicySetting {
        if ((policy == SplitBrainPolicy.STATIC_QUORUM) != (quorum > 0)) {
            throw new IllegalArgumentException(policy + " with quorum " + quorum);
        }
    }

    /**
     * Reads {@code text} such as {@code keep-majority} or {@code static-quorum:3}.
     *
     * @throws IllegalArgumentException naming what is wrong and the accepted values
     */
    static PolicySetting parse(String text) {
        SplitBrainPolicy policy = SplitBrainPolicy.parse(text);
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        String size = colon < 0 ? null : trimmed.substring(colon + 1).trim();
        if (policy != SplitBrainPolicy.STATIC_QUORUM) {
            if (size != null) {
                throw new IllegalArgumentException("split-brain policy '" + text + "': " + policy.settingName()
                        + " takes no size; only static-quorum:N does");
            }
            return new PolicySetting(policy, 0);
        }
        if (size == null || size.isEmpty()) {
            throw new IllegalArgumentException("split-brain policy '" + text + "': static-quorum needs its size, "
                    + "such as static-quorum:3");
        }
        int quorum;
        try {
            quorum = Integer.parseInt(size);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split-brain policy '" + text + "': the quorum '" + size
                    + "' is not a whole number");
        }
        if (quorum < 1) {
            throw new IllegalArgumentException("split-brain policy '" + text + "': the quorum must be at least 1, "
                    + "was " + quorum);
        }
        return new PolicySetting(policy, quorum);
    }

    /**
     * Why this setting cannot guard a cluster whose view has {@code viewSize} members, or null if it can: a quorum
     * of half the view or less lets two sides run at once, one larger than the view lets no side run. A node alone
     * in its view cannot know how large its cluster will be, so only the first rule applies to it.
     */
    String conflictWith(int viewSize) {
        if (policy != SplitBrainPolicy.STATIC_QUORUM) {
            return null;
        }
        if (quorum * 2 <= viewSize) {
            return text() + " is not a majority of the current view of " + viewSize + " members: two sides of "
                    + quorum + " could both keep running; use at least " + (viewSize / 2 + 1);
        }
        if (quorum > viewSize && viewSize > 1) {
            return text() + " is larger than the current view of " + viewSize + " member(s): no side could keep "
                    + "running; use at most " + viewSize;
        }
        return null;
    }

    /** The setting as written back: {@code keep-majority}, {@code static-quorum:3}. */
    String text() {
        return policy == SplitBrainPolicy.STATIC_QUORUM ? policy.settingName() + ":" + quorum : policy.settingName();
    }

    @Override
    public String toString() {
        return text();
    }
}
