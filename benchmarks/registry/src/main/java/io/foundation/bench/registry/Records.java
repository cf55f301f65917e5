package io.foundation.bench.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.foundation.api.cluster.Member;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Health;

/**
 * The entries the benchmarks read, the same for every run: spread over a three-member view and {@code names}
 * service names, each with some of four capabilities, a zone (a to d), a version (1 to 4) and a load gauge as
 * metadata, and health 80 % passing, 15 % warning, 5 % critical. Ids sort in registration order, as the
 * registry's do.
 */
final class Records {

    static final List<String> CAPABILITIES = List.of("http", "grpc", "metrics", "admin");

    private Records() {
    }

    static List<Entry> entries(List<Member> members, int count, int names, long seed) {
        Random random = new Random(seed);
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Set<String> capabilities = new TreeSet<>();
            for (String c : CAPABILITIES) {
                if (random.nextInt(100) < 60) {
                    capabilities.add(c);
                }
            }
            int h = random.nextInt(100);
            Health health = h < 80 ? Health.PASSING : h < 95 ? Health.WARNING : Health.CRITICAL;
            Member owner = members.get(i % members.size());
            entries.add(new Entry(String.format("%011x-%08x", 1_000_000L + i, i), name(i % names), capabilities,
                    Map.of("zone", String.valueOf((char) ('a' + random.nextInt(4))),
                            "version", Integer.toString(1 + random.nextInt(4)),
                            "load", Integer.toString(random.nextInt(100))),
                    "10.0.0." + (i % 250) + ":" + (8000 + i % 1000), owner.id(), owner.name(), health, 1));
        }
        return entries;
    }

    static String name(int k) {
        return "svc-" + k;
    }
}
