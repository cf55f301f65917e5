package io.foundation.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.ExamFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.forked.ForkedTestContainerFactory;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StrategyStatus;
import io.foundation.api.cluster.View;
import io.foundation.api.cluster.ViewChange;

/**
 * The configuration modes of PID {@code io.foundation.cluster} apply through ConfigAdmin while the node runs,
 * including a real JGroups channel starting inside io.foundation.core. Forked, so JGroups finds its resources
 * (jg-magic-map.xml, ...) in the bundle or not at all.
 *
 * <p>One node serves the whole class; each test first configures the mode it starts from, so the tests do not
 * depend on their order. The node binds to 127.0.0.1 (framework property) and starts from a ConfigAdmin
 * configuration {@code cluster=false}; only {@code cluster} and its strategy settings change here.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@ExamFactory(ForkedTestContainerFactory.class)
public class ConfigurationModesIT {

    /** A static peer list naming a port where nobody listens: the node starts its transport and stays alone. */
    private static final Map<String, String> STATIC = Map.of(
            "cluster", "static",
            "static.seeds", "127.0.0.1:7899",
            "bind.address", "127.0.0.1");
    private static final Map<String, String> SINGLE = Map.of("cluster", "false");

    /** What ClusterNode logs when it restarts the transport for a new configuration. */
    private static final String TRANSPORT_RESTART = "Restarting the cluster transport";

    @Configuration
    public Option[] node() {
        return NodeOptions.forTest(ConfigurationModesIT.class).forked();
    }

    @After
    public void neverMulticast() {
        // The built-in default (cluster=auto) would multicast; no configuration here may ever select it.
        StrategyStatus multicast = RunningNode.of(this).strategy("multicast")
                .orElseThrow(() -> new AssertionError("discovery does not list the built-in multicast strategy"));
        assertTrue("multicast was asked for seeds: " + multicast, multicast.lastRound().isEmpty());
    }

    @Test
    public void clusterFalseRunsASingleNodeWithoutTransport() {
        RunningNode node = RunningNode.of(this);
        node.configure(SINGLE);

        Await.until("discovery to select no strategy for cluster=false", () -> node.discovery().selection(),
                s -> s.configured().equals(List.of("false")) && s.active().isEmpty());
        View view = Await.until("a single-member view without transport", () -> node.membership().view(),
                v -> v.size() == 1 && v.coordinator().address().getPort() == 0);
        Member local = node.membership().localMember();
        assertEquals("the only member is this node", local.id(), view.coordinator().id());
        assertEquals("this node's name", node.property("foundation.node.name"), local.name());
        assertTrue("no problem reported: " + node.membership().problem(), node.membership().problem().isEmpty());
    }

    @Test
    public void switchingLiveToStaticStartsAJGroupsTransport() {
        RunningNode node = RunningNode.of(this);
        node.configure(SINGLE);
        awaitSingle(node);

        Member local = switchToStatic(node);

        View view = node.membership().view();
        assertEquals("alone: nobody listens at the seed", 1, view.size());
        assertEquals("this node coordinates its own view", local.id(), view.coordinator().id());
        assertTrue("no problem reported: " + node.membership().problem(), node.membership().problem().isEmpty());
        // JGroups' discovery protocol (Foundation's, inside the stack) asked the static strategy for seeds.
        StrategyStatus status = Await.until("the static strategy to answer a discovery round",
                () -> node.strategy("static").orElseThrow(), s -> s.lastRound().isPresent());
        assertEquals("seeds the static strategy returned", List.of(Seed.of("127.0.0.1", 7899)), status.seeds());
        assertTrue("static strategy error: " + status.lastError(), status.lastError().isEmpty());
    }

    @Test
    public void anUnknownStrategyIsRefusedAndTheSelectionStays() {
        RunningNode node = RunningNode.of(this);
        Member running = switchToStatic(node);

        node.configure(with(STATIC, "cluster", "statik"));

        String rejected = Await.until("discovery to refuse cluster=statik",
                () -> node.discovery().rejectedConfiguration(), r -> r.isPresent()).orElseThrow();
        assertTrue("the refusal names the unknown strategy: " + rejected, rejected.contains("statik"));
        assertEquals("the previous selection stays", List.of("static"), node.discovery().selection().active());
        assertEquals("the transport keeps running", running, node.membership().localMember());
    }

    @Test
    public void aBadBindPortLeavesTheRunningNodeAlone() {
        RunningNode node = RunningNode.of(this);
        Member running = switchToStatic(node);
        int logged = node.log().size();

        node.configure(with(STATIC, "bind.port", "abc"));

        // The node names the bad value in its log; the line also shows the configuration reached the node.
        Await.until("a log line naming bind.port=abc", () -> node.logSince(logged),
                lines -> lines.stream().anyMatch(l -> l.contains("bind.port=abc")));
        assertEquals("the node still answers with the same transport", running, node.membership().localMember());
        assertNotEquals("its transport is up", 0, node.membership().localMember().address().getPort());
        String problem = Await.until("the node to report the bad value", () -> node.membership().problem(),
                p -> p.isPresent()).orElseThrow();
        assertTrue("the problem names the key: " + problem, problem.contains("bind.port"));

        // A valid change still applies. The node handles changes one at a time, so once its view is in, the
        // bad configuration was handled completely: the only transport restart since is the one for this change.
        try (RunningNode.ViewRecorder views = node.recordViews()) {
            views.next("the current view");
            node.configure(SINGLE);
            ViewChange single = views.nextMatching("the single-node view after cluster=false",
                    c -> c.current().coordinator().address().getPort() == 0);
            assertEquals(1, single.current().size());
        }
        assertTrue("a good configuration clears the problem: " + node.membership().problem(),
                node.membership().problem().isEmpty());
        List<String> since = node.logSince(logged);
        long restarts = since.stream().filter(l -> l.contains(TRANSPORT_RESTART)).count();
        assertEquals("transport restarts since bind.port=abc (only cluster=false should restart it):\n"
                + String.join("\n", since), 1, restarts);
    }

    /** Configures {@link #STATIC} and waits until the JGroups transport runs; returns the local member then. */
    private static Member switchToStatic(RunningNode node) {
        node.configure(STATIC);
        Await.until("discovery to select [static]", () -> node.discovery().selection().active(),
                active -> active.equals(List.of("static")));
        Member local = Await.until("the JGroups transport to start", () -> node.membership().localMember(),
                m -> m.address().getPort() != 0, () -> "problem reported: " + node.membership().problem()
                        + " (the node's log: " + node.property("foundation.data") + "/log/foundation.log)");
        assertEquals("transport bound to", "127.0.0.1", local.address().getAddress().getHostAddress());
        return local;
    }

    private static void awaitSingle(RunningNode node) {
        Await.until("a single-member view without transport", () -> node.membership().view(),
                v -> v.size() == 1 && v.coordinator().address().getPort() == 0);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> values = new HashMap<>(base);
        values.put(key, value);
        return values;
    }
}
