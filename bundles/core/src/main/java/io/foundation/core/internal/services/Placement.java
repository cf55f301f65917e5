package io.foundation.core.internal.services;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.View;
import io.foundation.api.services.Distributed;

/**
 * Where a distributed service runs in a view: a pure function of the view, the declaration and the members'
 * announced declarations ({@link Declared}), so every member that has heard the same announcements computes the
 * same answer.
 *
 * <ul>
 *   <li>Eligible members are those with at least one of the service's roles (all members if it names none) that
 *       have not announced that they lack the service.</li>
 *   <li>A singleton runs on the oldest eligible member (smallest join order). A member that joins is younger than
 *       every live member, so it never takes a singleton away from a running owner: a singleton moves when its
 *       owner leaves the view or stops declaring it, when an older member starts declaring it, or when a healed
 *       partition merges two sides (the owner of the side that comes first in the merged view winning: the
 *       largest side with the built-in stack).</li>
 *   <li>A replicated service runs on every eligible member.</li>
 *   <li>A partitioned key runs on the eligible member with the highest rendezvous score of (key, member id). A
 *       member that joins takes only the keys it now scores highest on (about 1/n of them); a member that leaves
 *       gives up only its own keys.</li>
 * </ul>
 */
final class Placement {

    private Placement() {
    }

    /** The members that may run {@code service} with these roles, oldest first. */
    static List<Member> eligible(View view, String service, Set<String> roles, Declared declared) {
        return view.members().stream()
                .filter(m -> roles.isEmpty() || m.roles().stream().anyMatch(roles::contains))
                .filter(m -> declared.mayRun(m, service)).toList();
    }

    /**
     * Key to owner of {@code service} for {@code mode} in {@code view}: {@code ""} for a singleton, the member name
     * for a replicated service, each key for a partitioned one. Keys without an eligible member are absent.
     */
    static Map<String, Member> place(String service, Distributed.Mode mode, Set<String> roles,
                                     Collection<String> keys, View view, Declared declared) {
        List<Member> eligible = eligible(view, service, roles, declared);
        Map<String, Member> placement = new LinkedHashMap<>();
        switch (mode) {
            case SINGLETON -> singleton(eligible).ifPresent(m -> placement.put("", m));
            case REPLICATED -> eligible.forEach(m -> placement.put(m.name(), m));
            case PARTITIONED -> keys.forEach(k -> owner(k, eligible).ifPresent(m -> placement.put(k, m)));
        }
        return placement;
    }

    /** The oldest of {@code eligible}. */
    static Optional<Member> singleton(List<Member> eligible) {
        return eligible.stream().min(Comparator.comparingInt(Member::joinOrder));
    }

    /** The member of {@code eligible} with the highest score for {@code key}; ties go to the smaller id. */
    static Optional<Member> owner(String key, List<Member> eligible) {
        Member best = null;
        long bestScore = 0;
        for (Member m : eligible) {
            long s = score(key, m.id());
            if (best == null || Long.compareUnsigned(s, bestScore) > 0
                    || s == bestScore && m.id().compareTo(best.id()) < 0) {
                best = m;
                bestScore = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Rendezvous score: MurmurHash64A over the UTF-8 bytes of key, a zero byte, and the member id. */
    static long score(String key, String memberId) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] id = memberId.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[k.length + 1 + id.length];
        System.arraycopy(k, 0, data, 0, k.length);
        System.arraycopy(id, 0, data, k.length + 1, id.length);
        return murmur64(data, 0x9747b28c5f3a1d2bL);
    }

    private static long murmur64(byte[] data, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        long h = seed ^ (data.length * m);
        int blocks = data.length / 8;
        for (int i = 0; i < blocks; i++) {
            int o = i * 8;
            long k = (data[o] & 0xffL) | (data[o + 1] & 0xffL) << 8 | (data[o + 2] & 0xffL) << 16
                    | (data[o + 3] & 0xffL) << 24 | (data[o + 4] & 0xffL) << 32 | (data[o + 5] & 0xffL) << 40
                    | (data[o + 6] & 0xffL) << 48 | (data[o + 7] & 0xffL) << 56;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int tail = blocks * 8;
        int rest = data.length - tail;
        if (rest > 0) {
            for (int i = rest - 1; i >= 0; i--) {
                h ^= (data[tail + i] & 0xffL) << (8 * i);
            }
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }
}
