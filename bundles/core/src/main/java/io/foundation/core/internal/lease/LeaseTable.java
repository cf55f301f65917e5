package io.foundation.core.internal.lease;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jgroups.raft.StateMachine;

/**
 * The replicated lease table: per lease name, who holds it, its fence (grows every time the holder changes), how
 * often the holder renewed it and for how long the holder was promised it. Every member applies the same commands
 * in the same order and reaches the same state: nothing here reads a clock, and bad bytes are rejected the same way
 * everywhere. Commands and answers are small hand-written byte arrays.
 */
final class LeaseTable implements StateMachine {

    static final int MAX_NAME_BYTES = 1024;

    private static final byte ACQUIRE = 1;
    private static final byte RENEW = 2;
    private static final byte RELEASE = 3;
    private static final byte TOUCH = 4;
    private static final int MAX_ENTRIES = 1_000_000;

    /** One lease as agreed; {@code holder} is empty when free. */
    record Entry(String holder, long fence, long renewals, long duration) {

        static final Entry FREE = new Entry("", 0, 0, 0);

        boolean free() {
            return holder.isEmpty();
        }
    }

    /** The answer to a command: whether it took effect, and the lease as it is after it. */
    record Verdict(boolean done, Entry entry) {
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /**
     * Takes {@code name} for {@code node} for {@code duration} ms if it is free, already the node's, or still exactly
     * as the claimant read it ({@code expectedHolder} with {@code expectedRenewals}) long enough ago that that holder
     * cannot still count on it.
     */
    static byte[] acquire(String name, String node, String expectedHolder, long expectedRenewals, long duration) {
        return command(ACQUIRE, name, node, expectedHolder, expectedRenewals, duration);
    }

    /** Extends {@code node}'s hold on {@code name}; fails if the node no longer holds it. */
    static byte[] renew(String name, String node) {
        return command(RENEW, name, node, "", 0, 0);
    }

    /** Frees {@code name} if {@code node} holds it. */
    static byte[] release(String name, String node) {
        return command(RELEASE, name, node, "", 0, 0);
    }

    /** Changes nothing; committing it makes the leader send its log, and with it its name, to every member. */
    static byte[] touch(String node) {
        return command(TOUCH, "-", node, "", 0, 0);
    }

    @Override
    public synchronized byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        try {
            byte op = in.get();
            String name = text(in, false);
            String node = text(in, false);
            String expectedHolder = text(in, true);
            long expectedRenewals = in.getLong();
            long duration = in.getLong();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("lease command has " + in.remaining() + " trailing bytes");
            }
            if (op == ACQUIRE && duration <= 0) {
                throw new IllegalArgumentException("lease duration must be positive, was " + duration);
            }
            Verdict verdict = switch (op) {
                case ACQUIRE -> doAcquire(name, node, expectedHolder, expectedRenewals, duration);
                case RENEW -> doRenew(name, node);
                case RELEASE -> doRelease(name, node);
                case TOUCH -> new Verdict(true, get(name));
                default -> throw new IllegalArgumentException("unknown lease command " + op);
            };
            return serializeResponse ? answer(verdict) : null;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("lease command is truncated (" + length + " bytes)");
        }
    }

    /** The names whose lease this member last applied as held by {@code node}. */
    synchronized List<String> heldBy(String node) {
        return entries.entrySet().stream().filter(e -> e.getValue().holder().equals(node)).map(Map.Entry::getKey)
                .toList();
    }

    /** The lease as this member last applied it. */
    synchronized Entry get(String name) {
        return entries.getOrDefault(name, Entry.FREE);
    }

    private Verdict doAcquire(String name, String node, String expectedHolder, long expectedRenewals, long duration) {
        Entry now = get(name);
        boolean takeOver = now.holder.equals(expectedHolder) && now.renewals == expectedRenewals;
        if (!now.free() && !now.holder.equals(node) && !takeOver) {
            return new Verdict(false, now);
        }
        // Taking it again counts as a renewal, so that a claimant that read the old count cannot take it over.
        Entry next = now.holder.equals(node) ? new Entry(node, now.fence, now.renewals + 1, duration)
                : new Entry(node, now.fence + 1, now.renewals + 1, duration);
        entries.put(name, next);
        return new Verdict(true, next);
    }

    private Verdict doRenew(String name, String node) {
        Entry now = get(name);
        if (!now.holder.equals(node)) {
            return new Verdict(false, now);
        }
        Entry next = new Entry(node, now.fence, now.renewals + 1, now.duration);
        entries.put(name, next);
        return new Verdict(true, next);
    }

    private Verdict doRelease(String name, String node) {
        Entry now = get(name);
        if (!now.holder.equals(node)) {
            return new Verdict(false, now);
        }
        // The fence and the count stay: a later holder must still get a larger fence.
        Entry next = new Entry("", now.fence, now.renewals + 1, 0);
        entries.put(name, next);
        return new Verdict(true, next);
    }

    @Override
    public synchronized void writeContentTo(DataOutput out) throws IOException {
        out.writeInt(entries.size());
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            writeText(out, e.getKey());
            writeText(out, e.getValue().holder);
            out.writeLong(e.getValue().fence);
            out.writeLong(e.getValue().renewals);
            out.writeLong(e.getValue().duration);
        }
    }

    @Override
    public synchronized void readContentFrom(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException("lease snapshot claims " + count + " entries");
        }
        Map<String, Entry> read = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = readText(in);
            Entry entry = new Entry(readText(in), in.readLong(), in.readLong(), in.readLong());
            if (name.isEmpty() || entry.fence < 0 || entry.renewals < 0 || entry.duration < 0) {
                throw new IOException("lease snapshot has a bad entry at " + i);
            }
            read.put(name, entry);
        }
        entries.clear();
        entries.putAll(read);
    }

    /** Reads an answer of {@link #apply}. */
    static Verdict verdict(byte[] answer) {
        if (answer == null) {
            throw new IllegalArgumentException("no answer to a lease command");
        }
        ByteBuffer in = ByteBuffer.wrap(answer);
        try {
            byte done = in.get();
            if (done != 0 && done != 1) {
                throw new IllegalArgumentException("bad lease answer flag " + done);
            }
            Entry entry = new Entry(text(in, true), in.getLong(), in.getLong(), in.getLong());
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("lease answer has " + in.remaining() + " trailing bytes");
            }
            return new Verdict(done == 1, entry);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("lease answer is truncated (" + answer.length + " bytes)");
        }
    }

    /** Why {@code name} cannot name a lease, or empty. */
    static Optional<String> invalidName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a lease name must not be empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_NAME_BYTES
                ? Optional.of("lease name is " + bytes + " bytes, more than " + MAX_NAME_BYTES) : Optional.empty();
    }

    private static byte[] command(byte op, String name, String node, String expectedHolder, long renewals,
            long duration) {
        invalidName(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        byte[] n = utf8(name);
        byte[] o = utf8(node);
        byte[] h = utf8(expectedHolder);
        return ByteBuffer.allocate(1 + 2 + n.length + 2 + o.length + 2 + h.length + 8 + 8).put(op)
                .putShort((short) n.length).put(n).putShort((short) o.length).put(o)
                .putShort((short) h.length).put(h).putLong(renewals).putLong(duration).array();
    }

    private static byte[] answer(Verdict verdict) {
        byte[] h = utf8(verdict.entry.holder);
        return ByteBuffer.allocate(1 + 2 + h.length + 8 + 8 + 8).put((byte) (verdict.done ? 1 : 0))
                .putShort((short) h.length).put(h).putLong(verdict.entry.fence).putLong(verdict.entry.renewals)
                .putLong(verdict.entry.duration).array();
    }

    private static byte[] utf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("'" + value + "' is longer than " + MAX_NAME_BYTES + " bytes");
        }
        return bytes;
    }

    private static String text(ByteBuffer in, boolean mayBeEmpty) {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > MAX_NAME_BYTES || length > in.remaining()) {
            throw new IllegalArgumentException("lease text of " + length + " bytes with " + in.remaining() + " left");
        }
        if (length == 0 && !mayBeEmpty) {
            throw new IllegalArgumentException("lease command with an empty name");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeText(DataOutput out, String value) throws IOException {
        byte[] bytes = utf8(value);
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInput in) throws IOException {
        int length = in.readUnsignedShort();
        if (length > MAX_NAME_BYTES) {
            throw new IOException("lease snapshot text of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
