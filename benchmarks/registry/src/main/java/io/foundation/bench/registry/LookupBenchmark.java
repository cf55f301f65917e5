package io.foundation.bench.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.foundation.api.cluster.Member;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.ServiceRegistry;
import io.foundation.core.internal.registry.LocalRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ServiceRegistry.lookup(name)} as a bundle calls it, against {@link ConcurrentHashMap#get} of the same
 * lists precomputed per name: the least a local look-up can cost. 1,024 names with {@code perName} entries each;
 * every call asks for the next name, so neither side answers from one hot line. Target: at most 2x the map.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LookupBenchmark {

    static final int NAMES = 1024;

    @Param({"1", "10"})
    public int perName;

    private ServiceRegistry registry;
    private final Map<String, List<Entry>> map = new ConcurrentHashMap<>();
    private final String[] names = new String[NAMES];

    /** Which name a thread asks for next. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        String name(String[] names) {
            next = (next + 1) & (NAMES - 1);
            return names[next];
        }
    }

    @Setup
    public void setUp() {
        List<Member> members = List.of(LocalRegistry.member(1), LocalRegistry.member(2), LocalRegistry.member(3));
        List<Entry> entries = Records.entries(members, NAMES * perName, NAMES, 42);
        registry = LocalRegistry.of(members, entries);
        Map<String, List<Entry>> byName = new HashMap<>();
        for (Entry e : entries) {
            byName.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e);
        }
        byName.forEach((name, list) -> map.put(name, List.copyOf(list)));
        for (int k = 0; k < NAMES; k++) {
            names[k] = Records.name(k);
            if (!registry.lookup(names[k]).equals(map.get(names[k]))) {
                throw new IllegalStateException("the facade and the map disagree on " + names[k]);
            }
        }
    }

    @Benchmark
    public List<Entry> facadeLookup(Cursor cursor) {
        return registry.lookup(cursor.name(names));
    }

    @Benchmark
    public List<Entry> mapGet(Cursor cursor) {
        return map.get(cursor.name(names));
    }
}
