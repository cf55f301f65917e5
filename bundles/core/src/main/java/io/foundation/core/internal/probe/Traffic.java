package io.foundation.core.internal.probe;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.fork.ForkChannel;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.NameCache;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.probe.TrafficProbe;
import io.foundation.api.probe.TrafficReport;
import io.foundation.core.internal.node.ChannelUser;

/**
 * The traffic probe: numbered messages multicast at a steady rate over a fork of the node's cluster channel, so
 * they share its transport, reliability and ordering with everything else the node sends. A stream that was
 * running when the channel is replaced resumes on the new one.
 */
@Component(service = {TrafficProbe.class, ChannelUser.class})
public final class Traffic implements TrafficProbe, ChannelUser {

    private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);
    private static final byte MAGIC = 'T';
    /** Magic, run id, sequence number, send time in microseconds. */
    private static final int HEADER = 1 + 8 + 8 + 8;

    private final Map<Address, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private ForkChannel fork;
    private ScheduledExecutorService sender;
    private long run;
    private int rate;
    private int bytes;

    @Override
    public synchronized void channelOpened(JChannel channel) throws Exception {
        ForkChannel next = new ForkChannel(channel, "foundation", "traffic", true, ProtocolStack.Position.ABOVE,
                channel.getProtocolStack().getTopProtocol().getClass());
        next.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                count(message);
            }
        });
        next.connect(channel.getClusterName());
        fork = next;
        if (rate > 0) {
            schedule();
        }
    }

    @Override
    public synchronized void channelClosing(JChannel channel) {
        stopSender();
        if (fork != null) {
            fork.close();
            fork = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        rate = 0;
        channelClosing(null);
    }

    @Override
    public synchronized void start(int perSecond, int size) {
        if (perSecond < 1 || perSecond > 10_000) {
            throw new IllegalArgumentException("rate must be 1..10000 messages per second, was " + perSecond);
        }
        if (size < HEADER + 7 || size > 65_536) {
            throw new IllegalArgumentException("size must be 32..65536 bytes, was " + size);
        }
        if (fork == null) {
            throw new IllegalStateException("the node has no cluster channel (cluster=false, or it is restarting)");
        }
        stopSender();
        streams.clear();
        run = ThreadLocalRandom.current().nextLong();
        sequence.set(0);
        rate = perSecond;
        bytes = size;
        schedule();
    }

    @Override
    public synchronized void stop() {
        rate = 0;
        stopSender();
    }

    @Override
    public TrafficReport report() {
        boolean sending;
        synchronized (this) {
            sending = sender != null;
        }
        List<io.foundation.api.probe.SenderReport> senders = streams.values().stream().map(Stream::report)
                .sorted(java.util.Comparator.comparing(io.foundation.api.probe.SenderReport::member)).toList();
        return new TrafficReport(sending, sequence.get(), senders);
    }

    private void schedule() {
        ForkChannel channel = fork;
        long period = TimeUnit.SECONDS.toMicros(1) / rate;
        sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "foundation-traffic");
            t.setDaemon(true);
            return t;
        });
        sender.scheduleAtFixedRate(() -> send(channel), 0, period, TimeUnit.MICROSECONDS);
        LOG.info("Traffic probe sending {} messages/s of {} bytes", rate, bytes);
    }

    private void stopSender() {
        if (sender != null) {
            sender.shutdownNow();
            sender = null;
        }
    }

    private void send(ForkChannel channel) {
        ByteBuffer payload = ByteBuffer.allocate(bytes);
        long seq = sequence.get();
        payload.put(MAGIC).putLong(run).putLong(seq).putLong(nowMicros());
        try {
            channel.send(new BytesMessage(null, payload.array()).setFlag(Message.TransientFlag.DONT_LOOPBACK));
            sequence.incrementAndGet();
        } catch (Exception e) {
            LOG.debug("Traffic probe could not send message {}: {}", seq, e.toString());
        }
    }

    private void count(Message message) {
        long now = nowMicros();
        if (message.getLength() < HEADER) {
            return;
        }
        ByteBuffer data = ByteBuffer.wrap(message.getArray(), message.getOffset(), message.getLength());
        if (data.get() != MAGIC) {
            return;
        }
        long runId = data.getLong();
        long seq = data.getLong();
        long sentMicros = data.getLong();
        Address source = message.getSrc();
        streams.computeIfAbsent(source, a -> new Stream(String.valueOf(NameCache.get(a))))
                .accept(runId, seq, sentMicros, now);
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
