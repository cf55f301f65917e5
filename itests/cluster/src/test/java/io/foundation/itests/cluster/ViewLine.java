package io.foundation.itests.cluster;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code view} line of a node's log, the line operators read to follow membership. */
record ViewLine(LocalDateTime time, long id, int size, List<String> members, String coordinator, boolean merged) {

    private static final Pattern LINE = Pattern.compile(
            "^(\\S+ \\S+) INFO +\\[view\\] view (\\d+) size=(\\d+) members=\\[([^\\]]*)\\] coordinator=(\\S+) "
                    + "joined=\\[[^\\]]*\\] left=\\[[^\\]]*\\] merged=(true|false)$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    static Optional<ViewLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> members = m.group(4).isEmpty() ? List.of() : Arrays.asList(m.group(4).split(", "));
        return Optional.of(new ViewLine(LocalDateTime.parse(m.group(1), TIME), Long.parseLong(m.group(2)),
                Integer.parseInt(m.group(3)), List.copyOf(members), m.group(5), Boolean.parseBoolean(m.group(6))));
    }
}
