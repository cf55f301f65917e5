package io.foundation.api.registry;

/** How well an entry's instance is doing, best first, as its local health checks last said. */
public enum Health {
    PASSING,
    WARNING,
    CRITICAL;

    /** True if this is at least as good as {@code minimum}. */
    public boolean atLeast(Health minimum) {
        return ordinal() <= minimum.ordinal();
    }
}
