package io.foundation.mabeam.internal.protocol;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.Outcome;
import io.foundation.api.mabeam.Problem;
import io.foundation.api.mabeam.ProtocolId;

/**
 * Base of every mechanism: a fixed identity and a {@link #run} that refuses a missing problem before the mechanism
 * sees it. Subclasses validate the whole problem into their own checked form before deciding anything.
 */
public abstract class Mechanism<P extends Problem, O extends Outcome> implements CoordinationProtocol<P, O> {

    private final ProtocolId id;
    private final String family;
    private final Class<P> problemType;

    protected Mechanism(String name, String version, String family, Class<P> problemType) {
        this.id = ProtocolId.of(name, version);
        this.family = family;
        this.problemType = problemType;
    }

    @Override
    public final ProtocolId id() {
        return id;
    }

    @Override
    public final String family() {
        return family;
    }

    @Override
    public final Class<P> problemType() {
        return problemType;
    }

    @Override
    public final O run(P problem) {
        if (problem == null) {
            throw new InvalidProblemException("problem", "missing");
        }
        return decide(problem);
    }

    /** Validates {@code problem} completely, then decides. */
    protected abstract O decide(P problem);

    @Override
    public String toString() {
        return id.toString();
    }
}
