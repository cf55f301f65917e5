package io.foundation.core.internal.services;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.fork.ForkChannel;
import org.jgroups.stack.ProtocolStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Peers}, and the members' announcements of the distributed services they declare, over a fork of the node's
 * cluster channel. A message is small and rare, so it goes to every member: {@code 'S'}, a kind byte, the
 * addressee's member id ({@code ""} for every member) and the sender's member id, each as modified UTF-8, then
 * what the kind carries:
 * <ul>
 *   <li>{@code A} ask, {@code R} released: the service and the key (modified UTF-8);</li>
 *   <li>{@code D} declares: the number of service names (unsigned 16 bits), then each name (modified UTF-8);</li>
 *   <li>{@code H} digest: the {@link Declared#digest} of the sender's set (64 bits), sent periodically so a member
 *       whose copy differs asks again;</li>
 *   <li>{@code Q} query: nothing; the addressee answers with a {@code D}.</li>
 * </ul>
 * A node ignores kinds it does not know and bytes after what the kind carries, so a member of an earlier version
 * drops the announcements (they are not addressed to it) and a later version may append fields.
 */
final class ReleaseChannel implements Peers {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseChannel.class);
    private static final byte MAGIC = 'S';
    private static final byte ASK = 'A';
    private static final byte RELEASED = 'R';
    private static final byte DECLARES = 'D';
    private static final byte DIGEST = 'H';
    private static final byte QUERY = 'Q';
    private static final int MAX_NAMES = 0xffff;

    /** Where received messages go. */
    interface Inbox {
        void asked(String from, String service, String key);

        void released(String from, String service, String key);

        /** Member {@code from} declares exactly {@code services}. */
        void declares(String from, Set<String> services);

        /** Member {@code from} declares a set with this digest. */
        void digest(String from, long digest);

        /** Member {@code from} wants this node's set again. */
        void queried(String from);
    }

    private final String localId;
    private final Inbox inbox;
    private volatile ForkChannel fork;

    ReleaseChannel(String localId, Inbox inbox) {
        this.localId = localId;
        this.inbox = inbox;
    }

    synchronized void open(JChannel channel) throws Exception {
        close();
        ForkChannel next = new ForkChannel(channel, "foundation", "services", true, ProtocolStack.Position.ABOVE,
                channel.getProtocolStack().getTopProtocol().getClass());
        next.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                accept(message.getArray(), message.getOffset(), message.getLength());
            }
        });
        next.connect(channel.getClusterName());
        fork = next;
    }

    synchronized void close() {
        if (fork != null) {
            fork.close();
            fork = null;
        }
    }

    @Override
    public void ask(String to, String service, String key) {
        send(ASK, to, service, key);
    }

    @Override
    public void released(String to, String service, String key) {
        send(RELEASED, to, service, key);
    }

    /** Tells every member that this node declares exactly {@code services}. */
    void declares(Set<String> services) {
        send(DECLARES, "", () -> encodeDeclares(localId, services));
    }

    /** Tells every member the digest of the set this node declares. */
    void digest(long digest) {
        send(DIGEST, "", () -> encodeDigest(localId, digest));
    }

    /** Asks member {@code to} to announce its set again. */
    void query(String to) {
        send(QUERY, to, () -> encodeQuery(to, localId));
    }

    private void send(byte kind, String to, String service, String key) {
        send(kind, to, () -> encode(kind, to, localId, service, key));
    }

    private interface Encoding {
        byte[] bytes() throws IOException;
    }

    private void send(byte kind, String to, Encoding encoding) {
        ForkChannel channel = fork;
        if (channel == null) {
            return;
        }
        try {
            channel.send(new BytesMessage(null, encoding.bytes()));
        } catch (Exception e) {
            LOG.debug("Could not send {} to {}: {}", (char) kind, to.isEmpty() ? "every member" : to, e.toString());
        }
    }

    static byte[] encode(byte kind, String to, String from, String service, String key) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC);
            out.writeByte(kind);
            out.writeUTF(to);
            out.writeUTF(from);
            out.writeUTF(service);
            out.writeUTF(key);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeDeclares(String from, Set<String> services) throws IOException {
        if (services.size() > MAX_NAMES) {
            throw new IOException(services.size() + " services are more than an announcement carries (" + MAX_NAMES
                    + ")");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = header(bytes, DECLARES, "", from)) {
            out.writeShort(services.size());
            for (String name : new TreeSet<>(services)) {
                out.writeUTF(name);
            }
        }
        return bytes.toByteArray();
    }

    static byte[] encodeDigest(String from, long digest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = header(bytes, DIGEST, "", from)) {
            out.writeLong(digest);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeQuery(String to, String from) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        header(bytes, QUERY, to, from).close();
        return bytes.toByteArray();
    }

    private static DataOutputStream header(ByteArrayOutputStream bytes, byte kind, String to, String from)
            throws IOException {
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(MAGIC);
        out.writeByte(kind);
        out.writeUTF(to);
        out.writeUTF(from);
        return out;
    }

    /** Decodes one message and hands it to the inbox if it is for this node; anything malformed is dropped. */
    void accept(byte[] data, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length))) {
            if (in.readByte() != MAGIC) {
                return;
            }
            byte kind = in.readByte();
            String to = in.readUTF();
            String from = in.readUTF();
            if (from.isBlank()) {
                throw new IOException("no sender");
            }
            if (kind == DECLARES && to.isEmpty()) {
                inbox.declares(from, names(in));
            } else if (kind == DIGEST && to.isEmpty()) {
                inbox.digest(from, in.readLong());
            } else if (to.equals(localId)) {
                if (kind == QUERY) {
                    inbox.queried(from);
                } else if (kind == ASK || kind == RELEASED) {
                    String service = in.readUTF();
                    String key = in.readUTF();
                    if (kind == ASK) {
                        inbox.asked(from, service, key);
                    } else {
                        inbox.released(from, service, key);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Dropped a malformed services message: {}", e.toString());
        }
    }

    private static Set<String> names(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            if (name.isBlank() || !names.add(name)) {
                throw new IOException("a blank or repeated service name in an announcement");
            }
        }
        return names;
    }
}
