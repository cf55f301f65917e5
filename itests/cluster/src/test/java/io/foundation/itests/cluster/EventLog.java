package io.foundation.itests.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chaos journals of all nodes ({@code <data>/chaos/events.log}, written by the chaos fixture), followed as
 * they grow. Every node runs on this host, so all timestamps come from one wall clock and the journals merge into
 * one history.
 */
final class EventLog {

    /**
     * One journal line.
     *
     * @param file    the node whose journal holds the line
     * @param subject the service for start/stop, the entry id for registry lines, the reason for refused
     * @param key     the key of a partitioned instance, {@code -} otherwise and for other lines
     * @param node    the node the line names (the owner the node was told, for start/stop)
     * @param fence   a strict singleton's fencing number, {@code -} otherwise
     * @param at      epoch milliseconds
     */
    record Event(String file, Type type, String subject, String key, String node, String fence, long at) {

        enum Type { BOOT, START, STOP, REGISTERED, UNREGISTERED, SEEN, GONE, REFUSED }

        /** Reads one line of {@code file}'s journal; throws naming the line if it is not one the fixture writes. */
        static Event parse(String file, String line) {
            String[] f = line.strip().split(" ");
            try {
                Type type = Type.valueOf(f[0].toUpperCase(java.util.Locale.ROOT));
                long at = Long.parseLong(f[f.length - 1]);
                return switch (type) {
                    case BOOT -> {
                        require(f, 3, line);
                        yield new Event(file, type, "-", "-", f[1], "-", at);
                    }
                    case START, STOP -> {
                        require(f, 6, line);
                        yield new Event(file, type, f[1], f[2], f[3], f[4], at);
                    }
                    case REGISTERED, UNREGISTERED, SEEN, GONE, REFUSED -> {
                        require(f, 4, line);
                        yield new Event(file, type, f[1], "-", f[2], "-", at);
                    }
                };
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": not a chaos journal line: '" + line + "'", e);
            }
        }

        private static void require(String[] fields, int count, String line) {
            if (fields.length != count) {
                throw new IllegalArgumentException("expected " + count + " fields in '" + line + "'");
            }
        }

        @Override
        public String toString() {
            String fields = switch (type) {
                case BOOT -> node;
                case START, STOP -> subject + " " + key + " " + node + " " + fence;
                default -> subject + " " + node;
            };
            return at + " [" + file + "] " + type.name().toLowerCase(java.util.Locale.ROOT) + " " + fields;
        }
    }

    private final Map<String, LineTail> tails = new LinkedHashMap<>();
    private final Map<String, List<Event>> byFile = new LinkedHashMap<>();
    private final List<String> malformed = new ArrayList<>();

    /** Follows {@code node}'s journal at {@code file}; lines already there are read too. */
    void follow(String node, Path file) {
        tails.put(node, new LineTail(file));
        byFile.put(node, new ArrayList<>());
    }

    /** Reads what the journals gained since the last call. */
    void poll() {
        tails.forEach((node, tail) -> {
            for (String line : tail.read()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    byFile.get(node).add(Event.parse(node, line));
                } catch (IllegalArgumentException e) {
                    malformed.add(e.getMessage());
                }
            }
        });
    }

    /** Each node's events in the order its journal holds them. */
    Map<String, List<Event>> byFile() {
        return byFile;
    }

    /** Lines no node should have written. */
    List<String> malformed() {
        return malformed;
    }

    /** Every event of {@code nodes} (all nodes if empty) between two times, in time order. */
    List<Event> between(long from, long to, Set<String> nodes) {
        return byFile.entrySet().stream().filter(e -> nodes.isEmpty() || nodes.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream()).filter(e -> e.at() >= from && e.at() <= to)
                .sorted(Comparator.comparingLong(Event::at)).toList();
    }
}
