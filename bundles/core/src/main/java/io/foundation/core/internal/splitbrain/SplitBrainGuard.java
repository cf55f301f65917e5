package io.foundation.core.internal.splitbrain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.fork.ForkChannel;
import org.jgroups.stack.ProtocolStack;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.View;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.cluster.ViewListener;
import io.foundation.api.services.SplitBrain;
import io.foundation.api.services.SplitBrainStatus;
import io.foundation.core.internal.node.ChannelUser;
import io.foundation.settings.Overrides;

/**
 * The node's split-brain guard: decides from the views whether this node's side of a partition keeps running its
 * singletons and partitioned owners, under the cluster's policy ({@value #KEY} of PID {@value #PID}) or a
 * service's own. A node that leaves on purpose tells the others first, so graceful stops never count as a
 * partition. A policy setting that is wrong is refused with the reason and the previous one stays.
 */
@Component(service = {SplitBrain.class, Sides.class, ViewListener.class, ChannelUser.class},
        configurationPid = SplitBrainGuard.PID, immediate = true)
public final class SplitBrainGuard implements SplitBrain, Sides, ViewListener, ChannelUser {

    static final String PID = "io.foundation.services";
    static final String KEY = "split.brain";

    private static final Logger LOG = LoggerFactory.getLogger(SplitBrainGuard.class);
    /** One line per decision and per merge; operators and tests grep for it. */
    private static final Logger DECISIONS = LoggerFactory.getLogger("io.foundation.split-brain");
    /**
     * How long a leaving node waits for the others to confirm its announcement before it closes its channel. They
     * answer within milliseconds; the bound is for a loaded or frozen member, which would otherwise see the view
     * change before the announcement and count the stop as a crash.
     */
    private static final Duration ANNOUNCE_BOUND = Duration.ofSeconds(2);
    /** How long a caller of {@link #keeps} waits for the guard's own listener to reach a view it has not seen. */
    private static final Duration CATCH_UP = Duration.ofSeconds(2);
    private static final Duration GARBAGE_LOG_INTERVAL = Duration.ofMinutes(1);

    /** The guard's configuration; {@code split_brain} is the key {@value #KEY}. */
    @interface Settings {
        String split_brain() default "keep-majority";
    }

    private final Overrides overrides;
    private final Membership membership;
    private final Verdicts verdicts = new Verdicts(PolicySetting.DEFAULT);
    private final List<Runnable> policyChanges = new CopyOnWriteArrayList<>();
    private final Map<String, PolicySetting> parsed = new ConcurrentHashMap<>();
    private final Map<Address, Long> garbageLogged = new ConcurrentHashMap<>();
    /** Runs the callbacks of {@link #onPolicyChange}, never on a JGroups or configuration thread. */
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "foundation-split-brain");
        t.setDaemon(true);
        return t;
    });

    /** Why the configured policy was refused, or null. Guarded by {@code this}. */
    private String problem;
    /** A view a caller asked about before the guard's listener delivered it; older deliveries are skipped. */
    private View forcedAhead;
    private boolean warnedQuorum;
    private ForkChannel fork;
    /** The acknowledgements a leave announcement still waits for, or null when none is in flight. */
    private volatile Set<Address> awaitingHeard;
    private volatile CountDownLatch heard;

    @Activate
    public SplitBrainGuard(BundleContext context, Settings settings, @Reference Membership membership) {
        this(Overrides.of(context), settings.split_brain(), membership);
    }

    SplitBrainGuard(Overrides overrides, String setting, Membership membership) {
        this.overrides = overrides;
        this.membership = membership;
        configure(setting);
    }

    @Modified
    void modified(Settings settings) {
        configure(settings.split_brain());
    }

    /**
     * The guard goes when the node's bundle stops, that is when the node leaves: say so while the channel is still
     * open, in case the node closes it after this component is gone.
     */
    @Deactivate
    void deactivate() {
        announceLeaving();
        closeFork();
        callbacks.shutdownNow();
    }

    @Override
    public SplitBrainStatus status() {
        synchronized (this) {
            PolicySetting policy = verdicts.policy();
            return new SplitBrainStatus(policy.policy(), policy.quorum(), verdicts.keeping(), verdicts.reason(),
                    verdicts.lastPartition(), Optional.ofNullable(problem));
        }
    }

    @Override
    public String clusterPolicy() {
        synchronized (this) {
            return verdicts.policy().text();
        }
    }

    @Override
    public boolean keeps(View view, String policy) {
        PolicySetting setting = policy == null || policy.isBlank() ? null
                : parsed.computeIfAbsent(policy.strip(), PolicySetting::parse);
        synchronized (this) {
            catchUp(view);
            View judged = verdicts.seen(view) ? view : verdicts.current();
            return verdicts.judge(setting != null ? setting : verdicts.policy(), judged).keeps();
        }
    }

    @Override
    public AutoCloseable onPolicyChange(Runnable change) {
        policyChanges.add(change);
        return () -> policyChanges.remove(change);
    }

    @Override
    public void viewChanged(ViewChange change) {
        View view = change.current();
        synchronized (this) {
            if (forcedAhead != null) {
                // Views delivered before the one a caller forced are older than it: it already stands for them.
                if (view.equals(forcedAhead)) {
                    forcedAhead = null;
                }
                return;
            }
            log(verdicts.observe(view, change.merged(), Instant.now()));
            warnIfQuorumOutgrown(view);
            notifyAll();
        }
    }

    @Override
    public synchronized void channelOpened(JChannel channel) throws Exception {
        ForkChannel next = new ForkChannel(channel, "foundation", "split-brain", true, ProtocolStack.Position.ABOVE,
                channel.getProtocolStack().getTopProtocol().getClass());
        next.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                SplitBrainGuard.this.receive(message);
            }
        });
        next.connect(channel.getClusterName());
        fork = next;
    }

    @Override
    public void channelClosing(JChannel channel) {
        announceLeaving();
        closeFork();
        synchronized (this) {
            verdicts.restart();
            forcedAhead = null;
        }
    }

    void configure(String configured) {
        Object value = overrides.apply(Map.of(KEY, configured == null ? "" : configured), List.of(KEY)).get(KEY);
        String text = value == null || value.toString().isBlank() ? PolicySetting.DEFAULT.text()
                : value.toString().strip();
        boolean changed;
        synchronized (this) {
            PolicySetting previous = verdicts.policy();
            PolicySetting next;
            try {
                next = PolicySetting.parse(text);
            } catch (IllegalArgumentException e) {
                refuse(text, e.getMessage(), previous);
                return;
            }
            View view = verdicts.current() != null ? verdicts.current() : membership.view();
            String conflict = next.conflictWith(view.size());
            if (conflict != null) {
                refuse(text, conflict, previous);
                return;
            }
            problem = null;
            changed = !next.equals(previous);
            if (changed) {
                LOG.info("Split-brain policy {} (from {})", next.text(), overrides.sourceOf(KEY));
                verdicts.policy(next).ifPresent(DECISIONS::info);
                warnedQuorum = false;
            }
        }
        if (changed) {
            policyChanges.forEach(this::call);
        }
    }

    private void refuse(String text, String why, PolicySetting previous) {
        problem = KEY + "=" + text + " refused: " + why + "; keeping " + previous.text();
        LOG.error("Configuration {} ({}): {}", PID, overrides.sourceOf(KEY), problem);
    }

    /** Makes sure {@code view} has been taken into account. Called holding {@code this}. */
    private void catchUp(View view) {
        if (verdicts.seen(view) || !verdicts.newer(view)) {
            return;
        }
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        try {
            while (!verdicts.seen(view) && verdicts.newer(view)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.debug("The guard's listener has not delivered view {} within {}; taking it into account "
                            + "now", view.id(), CATCH_UP);
                    log(verdicts.observe(view, false, Instant.now()));
                    forcedAhead = view;
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for view " + view.id(), e);
        }
    }

    private void warnIfQuorumOutgrown(View view) {
        PolicySetting policy = verdicts.policy();
        if (policy.quorum() > 0 && policy.quorum() * 2 <= view.size() && !warnedQuorum) {
            warnedQuorum = true;
            LOG.warn("{}={} is no longer a majority of the view of {} members: two sides of {} could both keep "
                    + "running; raise it to at least {}", KEY, policy.text(), view.size(), policy.quorum(),
                    view.size() / 2 + 1);
        }
    }

    private void receive(Message message) {
        Announcement announcement;
        try {
            announcement = Announcement.decode(message.getArray(), message.getOffset(), message.getLength());
        } catch (IllegalArgumentException e) {
            garbage(message.getSrc(), e.getMessage());
            return;
        }
        switch (announcement.kind()) {
            case LEAVING -> leaving(announcement.memberId(), message.getSrc());
            case HEARD -> {
                Set<Address> awaiting = awaitingHeard;
                CountDownLatch latch = heard;
                if (awaiting != null && latch != null && awaiting.remove(message.getSrc())) {
                    latch.countDown();
                }
            }
        }
    }

    private void leaving(String memberId, Address from) {
        Optional<String> decision;
        synchronized (this) {
            decision = verdicts.leave(memberId);
        }
        decision.ifPresent(DECISIONS::info);
        if (decision.isPresent()) {
            policyChanges.forEach(this::call);
        }
        ForkChannel channel;
        synchronized (this) {
            channel = fork;
        }
        if (channel != null) {
            try {
                channel.send(new BytesMessage(from, Announcement.heard().encode()));
            } catch (Exception e) {
                LOG.debug("Could not confirm the leave of {}: {}", memberId, e.toString());
            }
        }
    }

    /** Tells the other members that this node leaves on purpose, and waits a little for them to confirm. */
    private void announceLeaving() {
        ForkChannel channel;
        synchronized (this) {
            channel = fork;
        }
        if (channel == null || !channel.isConnected() || channel.getView() == null) {
            return;
        }
        Set<Address> others = ConcurrentHashMap.newKeySet();
        others.addAll(channel.getView().getMembers());
        others.remove(channel.getAddress());
        if (others.isEmpty()) {
            return;
        }
        CountDownLatch latch = new CountDownLatch(others.size());
        int asked = others.size();
        awaitingHeard = others;
        heard = latch;
        try {
            channel.send(new BytesMessage(null, Announcement.leaving(membership.localMember().id()).encode())
                    .setFlag(Message.TransientFlag.DONT_LOOPBACK));
            if (latch.await(ANNOUNCE_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("Announced this node's leave to {} member(s); all confirmed", asked);
            } else {
                LOG.warn("Announced this node's leave to {} member(s); {} did not confirm within {} ms: they may "
                        + "count this stop as a crash", asked, others.size(), ANNOUNCE_BOUND.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Could not announce this node's leave: {}", e.toString());
        } finally {
            awaitingHeard = null;
            heard = null;
        }
    }

    private void closeFork() {
        ForkChannel closing;
        synchronized (this) {
            closing = fork;
            fork = null;
        }
        if (closing != null) {
            closing.close();
        }
    }

    private void garbage(Address from, String why) {
        long now = System.nanoTime();
        Long last = garbageLogged.get(from);
        if (last == null || now - last > GARBAGE_LOG_INTERVAL.toNanos()) {
            garbageLogged.put(from, now);
            LOG.warn("Ignoring a malformed split-brain message from {}: {} (logged at most once a minute per "
                    + "sender)", from, why);
        }
    }

    private void call(Runnable change) {
        try {
            callbacks.execute(() -> {
                try {
                    change.run();
                } catch (RuntimeException e) {
                    LOG.error("A split-brain policy listener failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("The guard stopped before a policy change was passed on");
        }
    }

    private static void log(List<String> decisions) {
        decisions.forEach(DECISIONS::info);
    }
}
