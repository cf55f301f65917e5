package io.foundation.core.internal.services;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.View;

/**
 * The distributed services each member has announced it declares, by member id. A member that has announced a set
 * may run only the services in it; a member not heard from yet may run any, so placement stays what it was until
 * the member speaks. Immutable.
 */
record Declared(Map<String, Set<String>> byMember) {

    static final Declared NONE = new Declared(Map.of());

    Declared {
        Map<String, Set<String>> copy = new HashMap<>();
        byMember.forEach((member, services) -> copy.put(member, Set.copyOf(services)));
        byMember = Map.copyOf(copy);
    }

    /** Whether {@code member} may run {@code service}: it has not announced a set, or its set names the service. */
    boolean mayRun(Member member, String service) {
        Set<String> services = byMember.get(member.id());
        return services == null || services.contains(service);
    }

    /** These announcements with {@code memberId}'s replaced by {@code services}. */
    Declared with(String memberId, Set<String> services) {
        Map<String, Set<String>> next = new HashMap<>(byMember);
        next.put(memberId, services);
        return new Declared(next);
    }

    /** These announcements without those of members that are not in {@code view}. */
    Declared retain(View view) {
        Map<String, Set<String>> next = new HashMap<>(byMember);
        next.keySet().removeIf(id -> view.member(id).isEmpty());
        return next.size() == byMember.size() ? this : new Declared(next);
    }

    Optional<Set<String>> of(String memberId) {
        return Optional.ofNullable(byMember.get(memberId));
    }

    /** Whether the set heard from {@code memberId} has the digest {@code digest}. */
    boolean matches(String memberId, long digest) {
        Set<String> services = byMember.get(memberId);
        return services != null && digest(services) == digest;
    }

    /** A 64-bit digest of a set of service names, the same on every member for the same set. */
    static long digest(Set<String> services) {
        return Placement.score(String.join("\u0000", new TreeSet<>(services)), "");
    }
}
