package io.foundation.api.registry;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

import io.foundation.api.cluster.Member;

/**
 * A backend of the registry: how entries travel between members and where they are kept. Implemented by registry
 * bundles and used by the node's {@link ServiceRegistry}, which writes each registration to every store present
 * and reads from the highest-ranked ({@code service.ranking}) store every member of the view has
 * {@link #replayed replayed} into. The embedded store (ranking 0) is always present; a store is therefore
 * never the only copy of the node's own registrations.
 */
@ConsumerType
public interface RegistryStore {

    /** Service property carrying {@link #name()}. */
    String NAME = "foundation.registry.store";

    /** Short name, such as {@code embedded} or {@code ignite}. */
    String name();

    /**
     * Starts delivering to {@code listener}: every entry the store holds (and every member that has replayed into
     * it), then every change, from any member. Called once, before any other method.
     */
    void open(Member local, Listener listener);

    /** Publishes (inserts or replaces, by id) an entry owned by the local member. */
    void put(Entry entry);

    /** Withdraws an entry owned by the local member. */
    void remove(String entryId);

    /** Declares that every entry of the local member has been put into this store. */
    void replayed(String memberId);

    /** Forgets the entries and replay marks of members whose ids are not listed (they left the view). */
    void retain(Set<String> memberIds);

    /** Stops delivering and releases the store's resources on this node; the store's other members keep theirs. */
    void close();

    /**
     * Receives a store's contents and changes. Calls never overlap. The local member's own changes may arrive
     * late: the registry has applied them already and ignores an echo of an entry it has withdrawn.
     */
    @ConsumerType
    interface Listener {

        void put(Entry entry);

        void removed(String entryId);

        void replayed(String memberId);
    }
}
