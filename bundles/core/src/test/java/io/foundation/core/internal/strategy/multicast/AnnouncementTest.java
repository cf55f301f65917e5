package io.foundation.core.internal.strategy.multicast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.Seed;

class AnnouncementTest {

    @Test
    void roundTrips() {
        Announcement a = new Announcement("prod", "0c9e-11", Seed.of("10.0.0.7", 7801));
        byte[] wire = a.encode();
        assertThat(new String(wire, StandardCharsets.US_ASCII)).isEqualTo("FDN1 prod 0c9e-11 10.0.0.7 7801");
        assertThat(Announcement.decode(wire, wire.length)).isEqualTo(a);
    }

    @Test
    void refusesWhatIsNotAnAnnouncement() {
        assertThatThrownBy(() -> decode("HELLO")).hasMessageContaining("not a Foundation announcement");
        assertThatThrownBy(() -> decode("FDN1 prod id 10.0.0.7 http")).hasMessageContaining("bad port 'http'");
        assertThatThrownBy(() -> decode("FDN1 prod id 10.0.0.7 99999")).hasMessageContaining("99999");
        assertThatThrownBy(() -> decode("FDN1 pr/od id 10.0.0.7 7800")).hasMessageContaining("cannot be announced");
        assertThatThrownBy(() -> decode("FDN1 prod id\n10.0.0.7 7800")).hasMessageContaining("printable");
        byte[] big = new byte[600];
        assertThatThrownBy(() -> Announcement.decode(big, big.length)).hasMessageContaining("too long");
    }

    @RepeatedTest(20)
    void randomBytesNeverDecodeIntoSomethingElseThanAnError(org.junit.jupiter.api.RepetitionInfo info) {
        byte[] noise = new byte[1 + info.getCurrentRepetition() * 7];
        new Random(info.getCurrentRepetition()).nextBytes(noise);
        assertThatThrownBy(() -> Announcement.decode(noise, noise.length)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Announcement decode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return Announcement.decode(bytes, bytes.length);
    }
}
