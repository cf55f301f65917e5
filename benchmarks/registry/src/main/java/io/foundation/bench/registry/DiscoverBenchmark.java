package io.foundation.bench.registry;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.foundation.api.cluster.Member;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Health;
import io.foundation.api.registry.Query;
import io.foundation.api.registry.ServiceRegistry;
import io.foundation.core.internal.registry.LocalRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ServiceRegistry.discover(query)} among 10,000 entries (100 names) — two capabilities (all of), an OSGi
 * filter over metadata and a minimum health — against the stream filter a user would write over the same 10,000
 * records, which knows the query in advance and needs no filter parser. Once over every entry, once for one name.
 * Both return the matches oldest first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DiscoverBenchmark {

    static final int ENTRIES = 10_000;
    static final int NAMES = 100;
    static final String NAME = Records.name(7);
    private static final Set<String> REQUIRED = Set.of("http", "metrics");

    private final Query query = Query.all().withCapabilities("http", "metrics")
            .withFilter("(&(zone=a)(version>=2))").withMinimum(Health.WARNING);
    private final Query named = query.withName(NAME);
    private ServiceRegistry registry;
    private List<Entry> records;

    @Setup
    public void setUp() {
        List<Member> members = List.of(LocalRegistry.member(1), LocalRegistry.member(2), LocalRegistry.member(3));
        records = Records.entries(members, ENTRIES, NAMES, 7);
        registry = LocalRegistry.of(members, records);
        if (!registry.discover(query).equals(streamFilter()) || !registry.discover(named).equals(streamFilterNamed())
                || streamFilter().isEmpty() || streamFilterNamed().isEmpty()) {
            throw new IllegalStateException("the facade and the stream filter disagree");
        }
    }

    @Benchmark
    public List<Entry> facadeDiscover() {
        return registry.discover(query);
    }

    @Benchmark
    public List<Entry> streamFilter() {
        return records.stream().filter(DiscoverBenchmark::wanted).toList();
    }

    @Benchmark
    public List<Entry> facadeDiscoverNamed() {
        return registry.discover(named);
    }

    @Benchmark
    public List<Entry> streamFilterNamed() {
        return records.stream().filter(e -> e.name().equals(NAME) && wanted(e)).toList();
    }

    private static boolean wanted(Entry e) {
        return e.health().atLeast(Health.WARNING) && e.capabilities().containsAll(REQUIRED)
                && "a".equals(e.metadata().get("zone")) && Integer.parseInt(e.metadata().get("version")) >= 2;
    }
}
