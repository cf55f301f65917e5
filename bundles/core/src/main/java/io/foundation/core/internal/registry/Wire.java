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
 * memory; nothing is ever Java-deserialized. Kinds are only ever appended: a member that does not know a kind yet
 * drops such messages as unreadable and keeps working with the others.
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
        SNAPSHOT,
        /** A summary of all of the owner's entries, sent often, so a receiver notices a copy that differs. */
        DIGEST,
        /** Sent to one owner: please multicast all of your entries again, a copy here differs from your digest. */
        PULL
    }

    /**
     * What a copy of one owner's entries amounts to: equal digests mean, but for a 64-bit collision, equal copies.
     *
     * @param count    how many entries
     * @param hash     the sum of the entries' hashes, so independent of their order
     * @param replayed the owner has replayed into the store
     */
    record Digest(int count, long hash, boolean replayed) {

        /** Built only from hash codes the Java specification fixes, so every JVM computes the same value. */
        static long hash(Entry entry) {
            long h = entry.id().hashCode();
            h = h * 31 + entry.name().hashCode();
            h = h * 31 + entry.capabilities().hashCode();
            h = h * 31 + entry.metadata().hashCode();
            h = h * 31 + entry.endpoint().hashCode();
            h = h * 31 + entry.ownerName().hashCode();
            h = h * 31 + entry.health().ordinal();
            h = h * 31 + entry.version();
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            return h ^ (h >>> 33);
        }
    }

    /**
     * One decoded message.
     *
     * @param owner    the member id of the sender, whose entries these are
     * @param entries  for PUT and SNAPSHOT
     * @param entryId  for REMOVE
     * @param replayed for SNAPSHOT: the owner has replayed into the store
     * @param request  for SNAPSHOT: receivers should answer with their own snapshot
     * @param digest   for DIGEST
     */
    record Message(Kind kind, String owner, List<Entry> entries, String entryId, boolean replayed, boolean request,
            Digest digest) {
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

    static byte[] digest(String owner, Digest digest) {
        return encode(Kind.DIGEST, owner, out -> {
            out.writeByte(digest.replayed() ? 1 : 0);
            out.writeInt(digest.count());
            out.writeLong(digest.hash());
        });
    }

    /** Asks {@code owner} for all of its entries. */
    static byte[] pull(String owner) {
        return encode(Kind.PULL, owner, out -> { });
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
            case PUT -> new Message(kind, owner, List.of(readEntry(in)), null, false, false, null);
            case REMOVE -> new Message(kind, owner, List.of(), readText(in), false, false, null);
            case REPLAYED, PULL -> new Message(kind, owner, List.of(), null, false, false, null);
            case SNAPSHOT -> {
                int flags = in.readUnsignedByte();
                int count = bounded(in.readInt(), MAX_ENTRIES, "entries");
                List<Entry> entries = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    entries.add(readEntry(in));
                }
                yield new Message(kind, owner, entries, null, (flags & 1) != 0, (flags & 2) != 0, null);
            }
            case DIGEST -> {
                boolean replayed = (in.readUnsignedByte() & 1) != 0;
                int count = bounded(in.readInt(), MAX_ENTRIES, "entries");
                yield new Message(kind, owner, List.of(), null, replayed, false,
                        new Digest(count, in.readLong(), replayed));
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
