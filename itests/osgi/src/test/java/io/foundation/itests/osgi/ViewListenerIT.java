package io.foundation.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.ExamFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.nat.internal.NativeTestContainerFactory;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.ViewChange;
import io.foundation.api.cluster.ViewListener;

/**
 * The {@link ViewListener} whiteboard: a listener registered as an OSGi service first receives the current view,
 * then every change in order. A single node (cluster=false) is enough: changing its roles installs a new view.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@ExamFactory(NativeTestContainerFactory.class)
public class ViewListenerIT {

    @Configuration
    public Option[] node() {
        return NodeOptions.forTest(ViewListenerIT.class).singleNodeOnly().inTestJvm();
    }

    @Test
    public void aRegisteredListenerReceivesTheCurrentViewThenTheNextOne() {
        RunningNode node = RunningNode.of(this);
        try (RunningNode.ViewRecorder views = node.recordViews()) {
            ViewChange first = views.next("the current view");
            Member local = node.membership().localMember();
            assertEquals("no previous view for a new listener", Optional.empty(), first.previous());
            assertEquals("the view the node has installed", node.membership().view(), first.current());
            assertTrue("this node is in it: " + first.current(), first.current().member(local.id()).isPresent());

            node.configure(Map.of("node.roles", "listener-test"));

            ViewChange next = views.next("the view after this node's roles changed");
            assertEquals("the change starts from the view delivered before", Optional.of(first.current()),
                    next.previous());
            assertEquals("this node's roles in the new view", Set.of("listener-test"),
                    next.current().member(local.id()).orElseThrow().roles());
        }
    }

    @Test
    public void aListenerThatThrowsStillReceivesLaterViews() throws InterruptedException {
        RunningNode node = RunningNode.of(this);
        BlockingQueue<ViewChange> received = new LinkedBlockingQueue<>();
        ViewListener failing = change -> {
            received.add(change);
            throw new IllegalStateException("thrown on purpose by a test listener");
        };
        ServiceRegistration<ViewListener> registration = node.context().registerService(ViewListener.class, failing,
                null);
        try {
            assertTrue("the current view", received.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS) != null);
            node.configure(Map.of("node.roles", "throwing-listener-test"));
            ViewChange next = received.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue("a later view reaches a listener that threw before", next != null);
            assertEquals(Set.of("throwing-listener-test"),
                    next.current().member(node.membership().localMember().id()).orElseThrow().roles());
        } finally {
            registration.unregister();
        }
    }
}
