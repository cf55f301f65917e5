package io.foundation.api.mabeam;

import java.util.Objects;

/** Identity of a protocol: a stable name such as {@code vickrey} and the version of its decision rule. */
public record ProtocolId(String name, ProtocolVersion version) {

    /** @throws NullPointerException when a part is missing */
    public ProtocolId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** An id from a name and a version text such as {@code 1.0.0}. */
    public static ProtocolId of(String name, String version) {
        return new ProtocolId(name, ProtocolVersion.parse(version));
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
