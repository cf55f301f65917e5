package io.foundation.core.internal.splitbrain;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.View;

/** Views of members n1, n2, ... for tests: member {@code i} has id {@code id-i} and name {@code n<i>}. */
final class Views {

    private Views() {
    }

    static Member member(int i) {
        return new Member("id-" + i, "n" + i, new InetSocketAddress("127.0.0.1", 7800 + i), Map.of(), 0);
    }

    /** A view of the given members in the given order (oldest first). */
    static View view(long id, int... members) {
        List<Member> list = new ArrayList<>();
        for (int i : members) {
            list.add(member(i).withJoinOrder(list.size()));
        }
        return new View(id, list);
    }
}
