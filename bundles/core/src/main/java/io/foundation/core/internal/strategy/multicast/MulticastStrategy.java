package io.foundation.core.internal.strategy.multicast;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.core.internal.settings.NodeSettings;
import io.foundation.settings.Overrides;
import io.foundation.settings.SettingsReader;

/**
 * {@code multicast}: nodes on one LAN segment announce their address to a multicast group every
 * {@code multicast.interval} and remember who else did. A node that hears a newcomer answers at once, so two nodes
 * find each other in one round trip. {@code multicast.ttl} bounds how far announcements travel (1: this segment).
 * The socket is opened only while the strategy is active.
 */
@Component(service = ClusterStrategy.class, configurationPid = NodeSettings.PID)
public final class MulticastStrategy implements ClusterStrategy {

    private static final List<String> KEYS = List.of("multicast.address", "multicast.port", "multicast.ttl",
            "multicast.interval");
    private static final Logger LOG = LoggerFactory.getLogger(MulticastStrategy.class);
    private static final Channel DEFAULT = new Channel(addressOf("239.255.77.77"), 45_700, 1, Duration.ofSeconds(1));

    private final Overrides overrides;
    private volatile Channel channel;
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> warnedAbout = new ConcurrentHashMap<>();

    private MulticastSocket socket;
    private ScheduledExecutorService timer;
    private Announcement own;
    private volatile String failure;
    private volatile long lastAnswerNanos;

    private record Heard(Announcement announcement, long atNanos) {
    }

    /** The multicast.* settings: where announcements go, how far and how often. */
    private record Channel(InetAddress group, int port, int ttl, Duration interval) {
    }

    @Activate
    public MulticastStrategy(BundleContext context, Map<String, Object> config) {
        this(Overrides.of(context), config);
    }

    MulticastStrategy(Overrides overrides, Map<String, Object> config) {
        this.overrides = overrides;
        this.channel = read(config, DEFAULT);
    }

    @Modified
    synchronized void modified(Map<String, Object> config) {
        Channel next = read(config, channel);
        if (!next.equals(channel)) {
            close();
            channel = next;
        }
    }

    private Channel read(Map<String, Object> config, Channel previous) {
        SettingsReader r = new SettingsReader(overrides.apply(config, KEYS));
        String text = r.text("multicast.address", previous.group.getHostAddress());
        InetAddress group = previous.group;
        try {
            InetAddress parsed = InetAddress.getByName(text);
            group = parsed.isMulticastAddress() ? parsed
                    : r.reject("multicast.address", text, "is not a multicast address", previous.group);
        } catch (UnknownHostException e) {
            r.reject("multicast.address", text, "is not an address", previous.group);
        }
        Channel next = new Channel(group, r.integer("multicast.port", 1, 65_535, previous.port),
                r.integer("multicast.ttl", 0, 255, previous.ttl),
                r.duration("multicast.interval", Duration.ofMillis(100), Duration.ofMinutes(1), previous.interval));
        r.problems().forEach(p -> LOG.error("Configuration {}: {}", NodeSettings.PID, p));
        return next;
    }

    @Deactivate
    synchronized void deactivate() {
        close();
    }

    @Override
    public String name() {
        return "multicast";
    }

    @Override
    public synchronized void advertise(String cluster, Member self) throws IOException {
        Announcement next = new Announcement(cluster, self.id(),
                Seed.of(self.address().getAddress().getHostAddress(), self.address().getPort()));
        if (next.equals(own) && socket != null) {
            return;
        }
        close();
        try {
            open(self.address().getAddress());
        } catch (IOException e) {
            failure = "multicast unavailable on " + self.address().getAddress().getHostAddress() + ": " + e;
            close();
            throw new IOException(failure, e);
        }
        own = next;
        failure = null;
        timer.scheduleWithFixedDelay(this::announce, 0, channel.interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void withdraw(String cluster, Member self) {
        close();
    }

    @Override
    public Collection<Seed> seeds(String cluster) throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        long expiry = channel.interval.multipliedBy(3).toNanos();
        long now = System.nanoTime();
        heard.values().removeIf(h -> now - h.atNanos > expiry);
        return heard.values().stream().map(Heard::announcement).filter(a -> a.cluster().equals(cluster))
                .map(Announcement::seed).toList();
    }

    private void open(InetAddress bindAddress) throws IOException {
        Channel c = channel;
        NetworkInterface nic = NetworkInterface.getByInetAddress(bindAddress);
        if (nic == null) {
            throw new SocketException("no interface has address " + bindAddress.getHostAddress());
        }
        MulticastSocket s = new MulticastSocket(null);
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(c.port));
            s.setNetworkInterface(nic);
            s.setTimeToLive(c.ttl);
            s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            s.joinGroup(new InetSocketAddress(c.group, c.port), nic);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
        timer = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "foundation-multicast");
            t.setDaemon(true);
            return t;
        });
        Thread receiver = new Thread(() -> receive(s), "foundation-multicast-receiver");
        receiver.setDaemon(true);
        receiver.start();
        LOG.info("Multicast discovery on {}:{} via {} (ttl {})", c.group.getHostAddress(), c.port, nic.getName(),
                c.ttl);
    }

    private void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (socket != null) {
            socket.close();
            socket = null;
        }
        own = null;
        heard.clear();
    }

    private void announce() {
        MulticastSocket s;
        Announcement a;
        Channel c;
        synchronized (this) {
            s = socket;
            a = own;
            c = channel;
        }
        if (s == null || a == null) {
            return;
        }
        byte[] data = a.encode();
        try {
            s.send(new DatagramPacket(data, data.length, c.group, c.port));
            failure = null;
        } catch (IOException e) {
            failure = "cannot send to " + c.group.getHostAddress() + ":" + c.port + ": " + e.getMessage();
        }
    }

    private void receive(MulticastSocket s) {
        byte[] buffer = new byte[Announcement.MAX_BYTES + 1];
        while (!s.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                s.receive(packet);
            } catch (IOException e) {
                return;
            }
            try {
                Announcement a = Announcement.decode(packet.getData(), packet.getLength());
                Announcement self = own;
                if (self == null || a.memberId().equals(self.memberId())) {
                    continue;
                }
                Heard before = heard.put(a.memberId(), new Heard(a, System.nanoTime()));
                if (before == null || !before.announcement.equals(a)) {
                    answerNewcomer();
                }
            } catch (IllegalArgumentException e) {
                warnOnce(packet.getAddress(), e.getMessage());
            }
        }
    }

    /** Lets a node that just appeared learn about this one without waiting for the next regular announcement. */
    private void answerNewcomer() {
        long now = System.nanoTime();
        if (now - lastAnswerNanos > TimeUnit.MILLISECONDS.toNanos(100)) {
            lastAnswerNanos = now;
            ScheduledExecutorService t = timer;
            if (t != null) {
                t.execute(this::announce);
            }
        }
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Garbage on the group is reported once a minute per sender, never more. */
    private void warnOnce(InetAddress sender, String why) {
        long now = System.nanoTime();
        Long last = warnedAbout.get(sender);
        if (last == null || now - last > TimeUnit.MINUTES.toNanos(1)) {
            if (warnedAbout.size() > 1_000) {
                warnedAbout.clear();
            }
            warnedAbout.put(sender, now);
            Channel c = channel;
            LOG.warn("Ignoring datagram from {} on {}:{}: {}", sender.getHostAddress(), c.group.getHostAddress(),
                    c.port, why);
        }
    }
}
