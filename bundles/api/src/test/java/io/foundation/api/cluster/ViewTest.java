package io.foundation.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ViewTest {

    private static Member member(String name, int rank) {
        return new Member("id-" + name, name, new InetSocketAddress("127.0.0.1", 7800 + rank),
                Map.of(Member.ROLES, "web, worker"), rank);
    }

    @Test
    void theOldestMemberCoordinates() {
        View view = new View(3, List.of(member("a", 0), member("b", 1)));
        assertThat(view.coordinator().name()).isEqualTo("a");
        assertThat(view.names()).containsExactly("a", "b");
        assertThat(view.member("id-b")).map(Member::name).contains("b");
    }

    @Test
    void ranksMustMatchPositions() {
        assertThatThrownBy(() -> new View(1, List.of(member("a", 1))))
                .hasMessageContaining("joinOrder 1 but is at position 0");
        assertThatThrownBy(() -> new View(1, List.of())).hasMessageContaining("at least one member");
    }

    @Test
    void changesNameWhoJoinedAndWhoLeft() {
        View before = new View(1, List.of(member("a", 0), member("b", 1)));
        View after = new View(2, List.of(member("a", 0), member("c", 1)));
        ViewChange change = new ViewChange(Optional.of(before), after, false);
        assertThat(change.joined()).extracting(Member::name).containsExactly("c");
        assertThat(change.left()).extracting(Member::name).containsExactly("b");
        assertThat(new ViewChange(Optional.empty(), before, false).joined()).hasSize(2);
    }

    @Test
    void rolesAreParsedFromTheAttribute() {
        assertThat(member("a", 0).roles()).containsExactly("web", "worker");
        assertThat(new Member("i", "n", new InetSocketAddress(1), null, 0).roles()).isEmpty();
    }
}
