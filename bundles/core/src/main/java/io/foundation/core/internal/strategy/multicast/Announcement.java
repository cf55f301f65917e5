package io.foundation.core.internal.strategy.multicast;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.foundation.api.cluster.Seed;

/**
 * One datagram of the multicast strategy: "a node of {@code cluster} with id {@code memberId} listens at
 * {@code seed}". Plain text, {@code FDN1 <cluster> <memberId> <host> <port>}, at most {@value #MAX_BYTES} bytes, so it
 * can be read with tcpdump and nothing on the wire is ever deserialized into objects.
 */
record Announcement(String cluster, String memberId, Seed seed) {

    static final int MAX_BYTES = 512;
    private static final String MAGIC = "FDN1";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    Announcement {
        for (String token : new String[] {cluster, memberId, seed.host()}) {
            if (!TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("'" + token + "' cannot be announced");
            }
        }
        if (seed.port() == Seed.ANY_PORT) {
            throw new IllegalArgumentException("an announcement needs a port");
        }
    }

    byte[] encode() {
        return String.join(" ", MAGIC, cluster, memberId, seed.host(), Integer.toString(seed.port()))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads a datagram.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static Announcement decode(byte[] data, int length) {
        if (length > MAX_BYTES) {
            throw new IllegalArgumentException("datagram of " + length + " bytes is too long");
        }
        for (int i = 0; i < length; i++) {
            if (data[i] < 0x20 || data[i] > 0x7e) {
                throw new IllegalArgumentException("datagram is not printable ASCII");
            }
        }
        String[] parts = new String(data, 0, length, StandardCharsets.US_ASCII).split(" ");
        if (parts.length != 5 || !MAGIC.equals(parts[0])) {
            throw new IllegalArgumentException("datagram is not a Foundation announcement");
        }
        int port;
        try {
            port = Integer.parseInt(parts[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + parts[4] + "'");
        }
        return new Announcement(parts[1], parts[2], Seed.of(parts[3], port));
    }
}
