package io.foundation.core.internal.discovery;

import java.io.IOException;

/** Keeps the {@code cluster} value chosen from the shell so that the node starts with it next time. */
@FunctionalInterface
interface SelectionStore {

    void saveCluster(String value) throws IOException;
}
