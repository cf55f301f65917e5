package io.foundation.core.internal.splitbrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AnnouncementTest {

    @Test
    void roundTrips() {
        byte[] leaving = Announcement.leaving("7f1c-node").encode();
        assertThat(Announcement.decode(leaving, 0, leaving.length)).isEqualTo(Announcement.leaving("7f1c-node"));
        byte[] heard = Announcement.heard().encode();
        assertThat(Announcement.decode(heard, 0, heard.length)).isEqualTo(Announcement.heard());
    }

    @Test
    void readsAtAnOffset() {
        byte[] leaving = Announcement.leaving("n").encode();
        byte[] framed = new byte[leaving.length + 4];
        System.arraycopy(leaving, 0, framed, 2, leaving.length);
        assertThat(Announcement.decode(framed, 2, leaving.length).memberId()).isEqualTo("n");
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> decode(new byte[0])).hasMessageContaining("fewer than a header");
        assertThatThrownBy(() -> decode("hello".getBytes(StandardCharsets.US_ASCII))).hasMessageContaining("magic");
        assertThatThrownBy(() -> decode(new byte[] {'S', 2, 'L'})).hasMessageContaining("version 2");
        assertThatThrownBy(() -> decode(new byte[] {'S', 1, 'X'})).hasMessageContaining("unknown kind");
        assertThatThrownBy(() -> decode(new byte[] {'S', 1, 'L'})).hasMessageContaining("without a member id");
        assertThatThrownBy(() -> decode(new byte[] {'S', 1, 'L', 5, 'a'})).hasMessageContaining("5 bytes");
        assertThatThrownBy(() -> decode(new byte[] {'S', 1, 'L', 1, (byte) 0xff})).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> decode(new byte[] {'S', 1, 'L', 1, ' '})).hasMessageContaining("blank");
        assertThatThrownBy(() -> decode(new byte[] {'S', 1, 'H', 0})).hasMessageContaining("trailing");
    }

    @Test
    void refusesAnIdThatDoesNotFit() {
        assertThatThrownBy(() -> Announcement.leaving("x".repeat(256)).encode()).hasMessageContaining("256");
    }

    private static Announcement decode(byte[] bytes) {
        return Announcement.decode(bytes, 0, bytes.length);
    }
}
