package io.foundation.core.internal.services;

/** Messages between the previous and the next owner of an instance that moves while both run. */
interface Peers {

    /** Asks member {@code to} to say when it no longer runs {@code service}/{@code key}. */
    void ask(String to, String service, String key);

    /** Tells member {@code to} that this node no longer runs {@code service}/{@code key}. */
    void released(String to, String service, String key);
}
