package io.foundation.bench.cluster;

import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.singleton.ClusterSingletonManager;
import org.apache.pekko.cluster.singleton.ClusterSingletonManagerSettings;
import org.apache.pekko.cluster.singleton.ClusterSingletonProxy;
import org.apache.pekko.cluster.singleton.ClusterSingletonProxySettings;

/**
 * A {@link PekkoNode} that also hosts a Pekko Cluster Singleton the way its documentation sets one up: a
 * {@link ClusterSingletonManager} on every node and a {@link ClusterSingletonProxy} to reach it, both with stock
 * settings, under the stock Split Brain Resolver. The singleton runs on the oldest member and prints
 * {"event":"singleton","node":"n1"} when it starts.
 */
public final class PekkoSingletonNode {

    public static void main(String[] argv) {
        NodeArgs args = NodeArgs.parse(argv);
        ActorSystem system = PekkoNode.start(args);
        system.actorOf(ClusterSingletonManager.props(Props.create(Singleton.class, () -> new Singleton(args.name())),
                PoisonPill.getInstance(), ClusterSingletonManagerSettings.create(system)), "singleton");
        system.actorOf(ClusterSingletonProxy.props("/user/singleton", ClusterSingletonProxySettings.create(system)),
                "singleton-proxy");
        PekkoNode.runUntilTerminated(system);
    }

    /** The singleton itself: says where it started and otherwise does nothing. */
    static final class Singleton extends AbstractActor {
        private final String node;

        Singleton(String node) {
            this.node = node;
        }

        @Override
        public void preStart() {
            EventLines.announceSingleton(node);
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> { }).build();
        }
    }
}
