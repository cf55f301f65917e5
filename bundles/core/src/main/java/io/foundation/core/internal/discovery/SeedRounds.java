package io.foundation.core.internal.discovery;

import io.foundation.api.cluster.Member;

/** Where the discovery protocol gets seeds from on each round; implemented by {@link Strategies}. */
@FunctionalInterface
public interface SeedRounds {

    void round(String cluster, Member self, boolean initial, SeedSink sink);
}
