package io.foundation.itests.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The node's chaos journal, {@code <foundation.data>/chaos/events.log}: append-only, one line per event, each line
 * handed to the operating system by a single write as soon as it happens, so a {@code kill -9} loses nothing that
 * was journaled. Lines, all times in epoch milliseconds of the host's wall clock:
 * <pre>
 * boot &lt;node&gt; &lt;ms&gt;                               the fixture started in a new node process
 * start|stop &lt;service&gt; &lt;key&gt; &lt;node&gt; &lt;fence&gt; &lt;ms&gt;   a distributed service instance activated, deactivated
 * registered|unregistered &lt;entryId&gt; &lt;node&gt; &lt;ms&gt;   after register returned, after the handle closed
 * seen|gone &lt;entryId&gt; &lt;node&gt; &lt;ms&gt;                 this node's registry watch reported the entry added, removed
 * refused &lt;reason&gt; &lt;node&gt; &lt;ms&gt;                    a registration the registry refused
 * </pre>
 * A missing key or fence is written {@code -}. Immediate, so that one {@code boot} line marks one node process
 * however often the components using the journal come and go.
 */
@Component(service = Journal.class, immediate = true)
public class Journal {

    private final String node;
    private final FileChannel file;

    @Activate
    public Journal(BundleContext context) throws IOException {
        String data = context.getProperty("foundation.data");
        if (data == null) {
            throw new IllegalStateException("the framework property foundation.data is not set; the chaos journal "
                    + "lives under it");
        }
        String name = context.getProperty("foundation.node.name");
        node = name == null || name.isBlank() ? "unnamed" : name;
        Path path = Path.of(data, "chaos", "events.log");
        Files.createDirectories(path.getParent());
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        write("boot", node);
    }

    @Deactivate
    void close() throws IOException {
        file.close();
    }

    /** The name this node was started with. */
    String node() {
        return node;
    }

    /** Journals {@code kind} with {@code fields}, stamped with the current time. */
    synchronized void write(String kind, String... fields) {
        StringBuilder line = new StringBuilder(kind);
        for (String field : fields) {
            line.append(' ').append(field == null || field.isBlank() ? "-" : field.replaceAll("\\s", "_"));
        }
        line.append(' ').append(System.currentTimeMillis()).append('\n');
        ByteBuffer bytes = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal '" + line.toString().strip() + "'", e);
        }
    }
}
