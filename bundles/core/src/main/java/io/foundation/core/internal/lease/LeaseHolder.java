package io.foundation.core.internal.lease;

/** Told about one claimed lease; calls for one lease never overlap. */
public interface LeaseHolder {

    /** This node holds the lease; {@code fence} grows every time the lease changes hands. */
    void granted(long fence);

    /** This node must stop using the lease now; it keeps claiming it until released. */
    void lost(String reason);
}
