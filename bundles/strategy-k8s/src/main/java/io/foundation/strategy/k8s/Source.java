package io.foundation.strategy.k8s;

import java.util.List;

import io.foundation.api.cluster.Seed;

/** Where one mode gets its seeds; built from one reading of the settings and closed when they change. */
interface Source extends AutoCloseable {

    /** Begins fetching ahead of the first round (connects, starts watching); never throws. */
    default void start() {
    }

    /**
     * The seeds now.
     *
     * @throws io.foundation.api.cluster.StaleSeedsException with the last good seeds, while the source fails after
     *                                                       an earlier answer
     * @throws Exception                                     why there are no seeds, before any answer
     */
    List<Seed> seeds() throws Exception;

    /** What is asked, for the log. */
    String describe();

    @Override
    void close();
}
