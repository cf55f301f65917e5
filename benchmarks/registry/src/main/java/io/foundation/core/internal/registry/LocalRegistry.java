package io.foundation.core.internal.registry;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.View;
import io.foundation.api.registry.Entry;
import io.foundation.api.registry.RegistryStore;
import io.foundation.api.registry.ServiceRegistry;

/**
 * The node's registry as a bundle gets it — core's {@link BundleRegistry} over core's {@link Registry} — built
 * outside OSGi for the benchmarks, over a store held in memory that hands the registry the given entries as if
 * the view's members had registered them. Look-ups and discovery read the registry's local index whichever store
 * fills it, so what is measured here is what a user's call costs on a node.
 *
 * <p>The only benchmark class that reaches into core's internals (it lives in their package for that).
 */
public final class LocalRegistry {

    private LocalRegistry() {
    }

    /**
     * The facade over {@code entries}, owned by {@code members}, on a node of the same view that registered none of
     * them: the registry takes an entry a store holds for this node but its own ledger lacks for a leftover of an
     * earlier session, and does not show it.
     */
    public static ServiceRegistry of(List<Member> members, List<Entry> entries) {
        Member local = new Member("bench-reader", "reader", new InetSocketAddress("127.0.0.1", 7800), Map.of(), 0);
        List<Member> viewMembers = new ArrayList<>();
        viewMembers.add(local);
        viewMembers.addAll(members);
        View view = new View(1, viewMembers);
        Registry registry = new Registry(new Membership() {
            @Override
            public String clusterName() {
                return "bench";
            }

            @Override
            public Member localMember() {
                return local;
            }

            @Override
            public View view() {
                return view;
            }

            @Override
            public Optional<String> problem() {
                return Optional.empty();
            }
        });
        registry.addStore(new Preloaded(entries, viewMembers),
                Map.of(Constants.SERVICE_RANKING, 0, Constants.SERVICE_ID, 1L));
        if (!registry.store().equals(Preloaded.NAME)) {
            throw new IllegalStateException("the registry does not read from the preloaded store: " + registry.store());
        }
        return new BundleRegistry(activeBundle(), registry);
    }

    /** Member {@code n<i>} of the benchmark's view, which lists the reading node, then n1, n2, ... in join order. */
    public static Member member(int i) {
        return new Member("member-" + i, "n" + i, new InetSocketAddress("127.0.0.1", 7800 + i), Map.of(), i);
    }

    /** The using bundle: active, so registrations would be accepted; nothing else of it is used. */
    private static Bundle activeBundle() {
        return (Bundle) Proxy.newProxyInstance(LocalRegistry.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getState" -> Bundle.ACTIVE;
                    case "getSymbolicName" -> "io.foundation.bench.registry";
                    case "getBundleId" -> 0L;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "bench bundle";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Every member's entries, delivered on open; every member counts as replayed. */
    private static final class Preloaded implements RegistryStore {
        static final String NAME = "preloaded";
        private final List<Entry> entries;
        private final List<Member> members;
        private Listener listener;

        Preloaded(List<Entry> entries, List<Member> members) {
            this.entries = List.copyOf(entries);
            this.members = List.copyOf(members);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public void open(Member local, Listener target) {
            listener = target;
            entries.forEach(target::put);
            members.forEach(m -> target.replayed(m.id()));
        }

        @Override
        public void put(Entry entry) {
            listener.put(entry);
        }

        @Override
        public void remove(String entryId) {
            listener.removed(entryId);
        }

        @Override
        public void replayed(String memberId) {
            listener.replayed(memberId);
        }

        @Override
        public void retain(Set<String> memberIds) {
            // The benchmark's view never changes.
        }

        @Override
        public void close() {
            listener = null;
        }
    }
}
