package io.foundation.core.internal.splitbrain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The guard's messages between nodes, in a small binary format: a node that is about to leave on purpose says so
 * ({@link Kind#LEAVING}, with its member id), and every member that heard it answers ({@link Kind#HEARD}), so the
 * leaving node knows its announcement got out before it closes its channel.
 *
 * <p>Layout: {@code 'S'}, version 1, the kind's byte, then for {@code LEAVING} the id's length (unsigned byte) and
 * its UTF-8 bytes. Nothing else is accepted.
 *
 * @param kind     what the message says
 * @param memberId the leaving member's stable id; empty for {@link Kind#HEARD}
 */
record Announcement(Kind kind, String memberId) {

    private static final byte MAGIC = 'S';
    private static final byte VERSION = 1;
    private static final int MAX_ID_BYTES = 255;

    enum Kind {
        LEAVING((byte) 'L'),
        HEARD((byte) 'H');

        private final byte code;

        Kind(byte code) {
            this.code = code;
        }
    }

    static Announcement leaving(String memberId) {
        return new Announcement(Kind.LEAVING, memberId);
    }

    static Announcement heard() {
        return new Announcement(Kind.HEARD, "");
    }

    byte[] encode() {
        if (kind == Kind.HEARD) {
            return new byte[] {MAGIC, VERSION, kind.code};
        }
        byte[] id = memberId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("a member id has 1 to " + MAX_ID_BYTES + " bytes, '" + memberId
                    + "' has " + id.length);
        }
        return ByteBuffer.allocate(4 + id.length).put(MAGIC).put(VERSION).put(kind.code).put((byte) id.length)
                .put(id).array();
    }

    /**
     * Reads one message.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code bytes}
     */
    static Announcement decode(byte[] bytes, int offset, int length) {
        if (length < 3) {
            throw new IllegalArgumentException(length + " bytes, fewer than a header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        if (in.get() != MAGIC) {
            throw new IllegalArgumentException("not a split-brain message (bad magic byte)");
        }
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown version " + version);
        }
        byte code = in.get();
        if (code == Kind.HEARD.code) {
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after an acknowledgement");
            }
            return heard();
        }
        if (code != Kind.LEAVING.code) {
            throw new IllegalArgumentException("unknown kind " + code);
        }
        if (!in.hasRemaining()) {
            throw new IllegalArgumentException("a leave without a member id");
        }
        int size = Byte.toUnsignedInt(in.get());
        if (size == 0 || in.remaining() != size) {
            throw new IllegalArgumentException("member id of " + size + " bytes in " + in.remaining()
                    + " remaining bytes");
        }
        try {
            String id = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
            if (id.isBlank()) {
                throw new IllegalArgumentException("a blank member id");
            }
            return leaving(id);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("member id is not UTF-8");
        }
    }
}
