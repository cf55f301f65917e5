package io.foundation.core.internal.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Health;

/**
 * The embedded store's messages, in a small versioned binary format. Every count and length read from the network
 * is bounded, so a malformed or hostile message fails to decode with an {@link IOException} instead of exhausting
 * memory; nothing is ever Java-deserialized.
 */
final class Wire {

    static final byte MAGIC = 'R';
    static final byte VERSION = 1;

    static final int MAX_TEXT = 4096;
    static final int MAX_LABELS = 256;
    static final int MAX_ENTRIES = 1_000_000;

    /** What a message says. */
    enum Kind {
        /** The owner published or replaced one entry. */
        PUT,
        /** The owner withdrew one entry. */
        REMOVE,
        /** The owner has put every one of its entries. */
        REPLAYED,
        /** All of the owner's entries, replacing what a receiver held for it; may ask the others for theirs. */
        SNAPSHOT
    }

    /**
     * One decoded message.
     *
     * @param owner    the member id of the sender, whose entries these are
     * @param entries  for PUT and SNAPSHOT
     * @param entryId  for REMOVE
     * @param replayed for SNAPSHOT: the owner has replayed into the store
     * @param request  for SNAPSHOT: receivers should answer with their own snapshot
     */
    record Message(Kind kind, String owner, List<Entry> entries, String entryId, boolean replayed, boolean request) {
    }

    private Wire() {
    }

    static byte[] put(String owner, Entry entry) {
        return encode(Kind.PUT, owner, out -> writeEntry(out, entry));
    }

    static byte[] remove(String owner, String entryId) {
        return encode(Kind.REMOVE, owner, out -> writeText(out, entryId));
    }

    static byte[] replayed(String owner) {
        return encode(Kind.REPLAYED, owner, out -> { });
    }

    static byte[] snapshot(String owner, Collection<Entry> entries, boolean replayed, boolean request) {
        return encode(Kind.SNAPSHOT, owner, out -> {
            out.writeByte((replayed ? 1 : 0) | (request ? 2 : 0));
            out.writeInt(entries.size());
            for (Entry entry : entries) {
                writeEntry(out, entry);
            }
        });
    }

    static Message decode(byte[] data, int offset, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length));
        if (in.readByte() != MAGIC) {
            throw new IOException("not a registry message");
        }
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unsupported registry message version " + version);
        }
        int kindIndex = in.readUnsignedByte();
        if (kindIndex >= Kind.values().length) {
            throw new IOException("unknown registry message kind " + kindIndex);
        }
        Kind kind = Kind.values()[kindIndex];
        String owner = readText(in);
        Message message = switch (kind) {
            case PUT -> new Message(kind, owner, List.of(readEntry(in)), null, false, false);
            case REMOVE -> new Message(kind, owner, List.of(), readText(in), false, false);
            case REPLAYED -> new Message(kind, owner, List.of(), null, false, false);
            case SNAPSHOT -> {
                int flags = in.readUnsignedByte();
                int count = bounded(in.readInt(), MAX_ENTRIES, "entries");
                List<Entry> entries = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    entries.add(readEntry(in));
                }
                yield new Message(kind, owner, entries, null, (flags & 1) != 0, (flags & 2) != 0);
            }
        };
        if (in.available() > 0) {
            throw new IOException(in.available() + " unexpected trailing bytes");
        }
        for (Entry entry : message.entries()) {
            if (!entry.owner().equals(owner)) {
                throw new IOException("entry " + entry.id() + " of " + entry.owner() + " sent by " + owner);
            }
        }
        return message;
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(Kind kind, String owner, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(kind.ordinal());
            writeText(out, owner);
            body.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeEntry(DataOutputStream out, Entry entry) throws IOException {
        writeText(out, entry.id());
        writeText(out, entry.name());
        out.writeShort(entry.capabilities().size());
        for (String capability : entry.capabilities()) {
            writeText(out, capability);
        }
        out.writeShort(entry.metadata().size());
        for (Map.Entry<String, String> label : entry.metadata().entrySet()) {
            writeText(out, label.getKey());
            writeText(out, label.getValue());
        }
        writeText(out, entry.endpoint());
        writeText(out, entry.owner());
        writeText(out, entry.ownerName());
        out.writeByte(entry.health().ordinal());
        out.writeLong(entry.version());
    }

    private static Entry readEntry(DataInputStream in) throws IOException {
        String id = readText(in);
        String name = readText(in);
        int capabilityCount = bounded(in.readUnsignedShort(), MAX_LABELS, "capabilities");
        Set<String> capabilities = new HashSet<>();
        for (int i = 0; i < capabilityCount; i++) {
            capabilities.add(readText(in));
        }
        int labelCount = bounded(in.readUnsignedShort(), MAX_LABELS, "metadata");
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < labelCount; i++) {
            metadata.put(readText(in), readText(in));
        }
        String endpoint = readText(in);
        String owner = readText(in);
        String ownerName = readText(in);
        int health = in.readUnsignedByte();
        if (health >= Health.values().length) {
            throw new IOException("unknown health " + health);
        }
        long version = in.readLong();
        try {
            return new Entry(id, name, capabilities, metadata, endpoint, owner, ownerName, Health.values()[health],
                    version);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid entry: " + e.getMessage(), e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("text longer than " + MAX_TEXT + " characters");
        }
        out.writeUTF(text);
    }

    private static String readText(DataInputStream in) throws IOException {
        String text = in.readUTF();
        bounded(text.length(), MAX_TEXT, "text length");
        return text;
    }

    private static int bounded(int value, int max, String what) throws IOException {
        if (value < 0 || value > max) {
            throw new IOException(what + " " + value + " outside 0.." + max);
        }
        return value;
    }
}
