package io.foundation.core.internal.services;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.fork.ForkChannel;
import org.jgroups.stack.ProtocolStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Peers} over a fork of the node's cluster channel. A message is small and rare, so it goes to every member
 * and names its addressee: {@code 'S'}, a kind byte ({@code A} ask, {@code R} released), then the addressee's
 * member id, the sender's member id, the service and the key, each as modified UTF-8.
 */
final class ReleaseChannel implements Peers {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseChannel.class);
    private static final byte MAGIC = 'S';
    private static final byte ASK = 'A';
    private static final byte RELEASED = 'R';

    /** Where received messages go. */
    interface Inbox {
        void asked(String from, String service, String key);

        void released(String from, String service, String key);
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

    private void send(byte kind, String to, String service, String key) {
        ForkChannel channel = fork;
        if (channel == null) {
            return;
        }
        try {
            channel.send(new BytesMessage(null, encode(kind, to, localId, service, key)));
        } catch (Exception e) {
            LOG.debug("Could not send {} for {}/{} to {}: {}", (char) kind, service, key, to, e.toString());
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

    /** Decodes one message and hands it to the inbox if it is for this node; anything malformed is dropped. */
    void accept(byte[] data, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length))) {
            if (in.readByte() != MAGIC) {
                return;
            }
            byte kind = in.readByte();
            String to = in.readUTF();
            String from = in.readUTF();
            String service = in.readUTF();
            String key = in.readUTF();
            if (!to.equals(localId)) {
                return;
            }
            if (kind == ASK) {
                inbox.asked(from, service, key);
            } else if (kind == RELEASED) {
                inbox.released(from, service, key);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Dropped a malformed services message: {}", e.toString());
        }
    }
}
