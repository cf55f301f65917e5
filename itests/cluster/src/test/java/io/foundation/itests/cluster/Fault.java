package io.foundation.itests.cluster;

import java.util.List;
import java.util.Set;

/**
 * One fault the chaos suite injected, with when it began and ended on the host's wall clock.
 *
 * @param cycle the cycle it belongs to, from 1
 * @param nodes the node killed or frozen; every node cut off for a partition
 * @param sides the sides of a partition, empty for other kinds
 * @param begin the kill (after the process was gone), the SIGSTOP (after it was delivered), the cut
 * @param end   the restart, the SIGCONT (before it was sent), the heal (before it was made)
 */
record Fault(int cycle, Kind kind, List<String> nodes, List<Set<String>> sides, long begin, long end) {

    Fault {
        nodes = List.copyOf(nodes);
        sides = List.copyOf(sides);
    }

    enum Kind {
        KILL("kill -9 and restart"),
        PAUSE("kill -STOP / -CONT"),
        MINORITY("partition of a minority"),
        SPLIT("even split 2|2|1");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        String words() {
            return words;
        }
    }

    boolean hits(String node) {
        return nodes.contains(node);
    }

    @Override
    public String toString() {
        return "cycle " + cycle + ": " + kind.words() + " " + (sides.isEmpty() ? nodes : sides);
    }
}
