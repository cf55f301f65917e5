package io.foundation.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every benchmark's set-up checks that the facade answers what its baseline answers; run here, a change to the
 * registry that makes them disagree fails the build instead of the next benchmark run.
 */
class BenchmarkSetupTest {

    @Test
    void lookupsAgreeWithTheMap() {
        for (int perName : new int[] {1, 10}) {
            LookupBenchmark lookups = new LookupBenchmark();
            lookups.perName = perName;
            lookups.setUp();
            LookupBenchmark.Cursor cursor = new LookupBenchmark.Cursor();
            assertThat(lookups.facadeLookup(cursor)).hasSize(perName);
        }
    }

    @Test
    void discoveryAgreesWithTheStreamFilter() {
        DiscoverBenchmark discovery = new DiscoverBenchmark();
        discovery.setUp();
        assertThat(discovery.facadeDiscover()).isEqualTo(discovery.streamFilter()).isNotEmpty();
        assertThat(discovery.facadeDiscoverNamed()).isEqualTo(discovery.streamFilterNamed()).isNotEmpty();
    }
}
