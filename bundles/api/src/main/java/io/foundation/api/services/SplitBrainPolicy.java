package io.foundation.api.services;

import java.util.Locale;

/**
 * Which side of a partition keeps running its singletons and partitioned owners. The losing side stops them and
 * reports not ready until the partition heals. Setting names are the lower-case, hyphenated constant names
 * ({@code keep-majority}); {@code static-quorum} takes a size, written {@code static-quorum:3}.
 */
public enum SplitBrainPolicy {

    /**
     * The side with more than half of the members of the last view before the partition keeps running; on an even
     * split, the side holding the oldest member of that view.
     */
    KEEP_MAJORITY,
    /** The side holding the oldest member of the last view before the partition keeps running. */
    KEEP_OLDEST,
    /** Every side with at least the configured number of members keeps running. */
    STATIC_QUORUM,
    /** Every side keeps running: availability over uniqueness. */
    NONE;

    /** The setting name, such as {@code keep-majority}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads a setting name (case-insensitive, {@code -} or {@code _}); {@code static-quorum:N} reads as
     * {@link #STATIC_QUORUM}, its size being read by the caller.
     *
     * @throws IllegalArgumentException naming the accepted values if {@code text} is none of them
     */
    public static SplitBrainPolicy parse(String text) {
        String name = text == null ? "" : text.trim();
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        for (SplitBrainPolicy policy : values()) {
            if (policy.settingName().equalsIgnoreCase(name.replace('_', '-'))) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown split-brain policy '" + text
                + "'; use keep-majority, keep-oldest, static-quorum:N or none");
    }
}
