package io.foundation.bench.cluster;

import java.util.List;

/**
 * One thing a node reported about itself: it became ready, it installed a new view, it
 * stopped for good (Pekko's split brain resolver downs and shuts down the losing side), a
 * cluster singleton started on it, or a benchmark fixture inside it said something.
 *
 * @param t           the node's own wall clock, epoch ms (all nodes share this host's clock)
 * @param members     member names, as the node lists them; empty for READY and TERMINATED
 * @param coordinator the member that decides membership (JGroups coordinator, Hazelcast
 *                    master, Pekko leader), or null if the node did not say
 * @param detail      SINGLETON: the node the singleton started on; NOTE: the fixture's text; else null
 */
public record NodeEvent(Kind kind, long t, List<String> members, String coordinator, String detail) {

    public enum Kind { READY, VIEW, TERMINATED, SINGLETON, NOTE }

    public NodeEvent {
        members = List.copyOf(members);
    }

    public NodeEvent(Kind kind, long t, List<String> members, String coordinator) {
        this(kind, t, members, coordinator, null);
    }

    public static NodeEvent ready(long t) {
        return new NodeEvent(Kind.READY, t, List.of(), null);
    }

    public static NodeEvent terminated(long t) {
        return new NodeEvent(Kind.TERMINATED, t, List.of(), null);
    }

    public static NodeEvent view(long t, List<String> members, String coordinator) {
        return new NodeEvent(Kind.VIEW, t, members, coordinator);
    }

    public static NodeEvent singleton(long t, String node) {
        return new NodeEvent(Kind.SINGLETON, t, List.of(), null, node);
    }

    public static NodeEvent note(long t, String text) {
        return new NodeEvent(Kind.NOTE, t, List.of(), null, text);
    }

    public boolean isView() {
        return kind == Kind.VIEW;
    }

    public int size() {
        return members.size();
    }
}
