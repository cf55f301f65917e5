package io.foundation.bench.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;

/**
 * A Pekko Cluster node: Artery TCP on the given address, all nodes as seed nodes, and the
 * Split Brain Resolver with its stock settings (keep-majority, stable-after 20 s). The node
 * name travels as a cluster role.
 *
 * <p>The view printed is the set of members that are Up (or WeaklyUp, or Leaving): a member
 * that is merely unreachable stays in the view until the resolver downs it, because that is
 * when Pekko's membership changes and a user's singletons move.
 */
public final class PekkoNode {

    public static void main(String[] argv) throws Exception {
        runUntilTerminated(start(NodeArgs.parse(argv)));
    }

    /** Starts the node: joins the cluster, prints views, and prints ready once it is Up. */
    static ActorSystem start(NodeArgs args) {
        String seeds = args.seeds().stream()
                .map(s -> "\"pekko://" + args.cluster() + "@" + s + "\"")
                .collect(Collectors.joining(","));
        Config config = ConfigFactory.parseString(String.join("\n",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.canonical.hostname = \"" + args.bind() + "\"",
                "pekko.remote.artery.canonical.port = " + args.port(),
                "pekko.cluster.seed-nodes = [" + seeds + "]",
                "pekko.cluster.roles = [\"" + args.name() + "\"]",
                "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
                // Keeps stdout for event lines; warnings and errors still show.
                "pekko.loglevel = WARNING",
                "pekko.stdout-loglevel = WARNING"))
                .withFallback(ConfigFactory.load());
        ActorSystem system = ActorSystem.create(args.cluster(), config);
        Cluster cluster = Cluster.get(system);
        system.actorOf(Props.create(ViewWatcher.class, ViewWatcher::new), "view-watcher");
        cluster.registerOnMemberUp(EventLines::announceReady);
        return system;
    }

    /** Blocks until the actor system ends (the resolver downed this node), says so and exits. */
    static void runUntilTerminated(ActorSystem system) {
        system.getWhenTerminated().toCompletableFuture().join();
        EventLines.announceTerminated();
        System.exit(0);
    }

    static String nameOf(Member m) {
        return m.getRoles().stream().filter(r -> !r.startsWith("dc-")).findFirst().orElse(m.address().toString());
    }

    /** Follows member and leader events and prints the view whenever it changes. */
    static final class ViewWatcher extends AbstractActor {
        private final Cluster cluster = Cluster.get(getContext().getSystem());
        private final Map<Address, String> members = new TreeMap<>(Address.addressOrdering());
        private String leader;
        private String printed;

        @Override
        public void preStart() {
            cluster.subscribe(getSelf(), ClusterEvent.initialStateAsEvents(),
                    ClusterEvent.MemberEvent.class, ClusterEvent.LeaderChanged.class);
        }

        @Override
        public void postStop() {
            cluster.unsubscribe(getSelf());
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(ClusterEvent.MemberUp.class, e -> add(e.member()))
                    .match(ClusterEvent.MemberWeaklyUp.class, e -> add(e.member()))
                    .match(ClusterEvent.MemberDowned.class, e -> remove(e.member()))
                    .match(ClusterEvent.MemberExited.class, e -> remove(e.member()))
                    .match(ClusterEvent.MemberRemoved.class, e -> remove(e.member()))
                    .match(ClusterEvent.LeaderChanged.class, e -> {
                        leader = e.getLeader() == null ? null : members.get(e.getLeader());
                        announce();
                    })
                    .match(ClusterEvent.MemberEvent.class, e -> { })
                    .build();
        }

        private void add(Member m) {
            members.put(m.address(), nameOf(m));
            refreshLeader();
            announce();
        }

        private void remove(Member m) {
            members.remove(m.address());
            refreshLeader();
            announce();
        }

        private void refreshLeader() {
            Address l = cluster.state().getLeader();
            leader = l == null ? null : members.get(l);
        }

        private void announce() {
            List<String> names = new ArrayList<>(members.values());
            String key = names + "|" + leader;
            if (!Objects.equals(key, printed)) {
                printed = key;
                EventLines.announceView(names, leader);
            }
        }
    }
}
