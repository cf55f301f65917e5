package io.foundation.core.internal.discovery;

import java.net.InetSocketAddress;
import java.util.List;

/** Receives the resolved seeds of one strategy as soon as that strategy answers. Port 0 means "any port". */
@FunctionalInterface
public interface SeedSink {

    void accept(String strategy, List<InetSocketAddress> seeds);
}
