package io.foundation.api.mabeam;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One coordination mechanism (an auction, a market, a negotiation, a vote, a game solver, a learning rule),
 * registered as an OSGi service so that an orchestrator can look it up by name and swap it for a newer version at
 * runtime.
 *
 * <p>Register every implementation with the service properties {@link #NAME}, {@link #VERSION} and {@link #FAMILY},
 * equal to {@link #id()} and {@link #family()}. To find a protocol, filter on {@code (mabeam.protocol.name=vickrey)}
 * and, when several versions are registered, take the highest {@link ProtocolVersion}.
 *
 * <p>{@link #run} is a deterministic function of the problem: randomised mechanisms take their seed from the
 * problem. A distributed orchestrator can therefore agree on a problem (for example through consensus) and let every
 * node compute the same outcome. Implementations are stateless between runs and safe to call from several threads.
 *
 * @param <P> the problem this protocol solves
 * @param <O> the outcome it produces
 */
@ConsumerType
public interface CoordinationProtocol<P extends Problem, O extends Outcome> {

    /** Service property holding the protocol name, a {@code String} equal to {@code id().name()}. */
    String NAME = "mabeam.protocol.name";

    /** Service property holding the protocol version, a {@code String} such as {@code 1.0.0}. */
    String VERSION = "mabeam.protocol.version";

    /** Service property holding the protocol family, a {@code String} equal to {@link #family()}. */
    String FAMILY = "mabeam.protocol.family";

    /** Name and version; constant for the life of the service. */
    ProtocolId id();

    /** The family the protocol belongs to, for example {@code auction} or {@code voting}. Constant. */
    String family();

    /** The type of problem {@link #run} accepts; a JSON problem is read into this type. */
    Class<P> problemType();

    /**
     * Solves one problem. The whole problem is validated before anything is decided.
     *
     * @throws InvalidProblemException when any part of the problem is missing or out of range; the exception names
     *         the first offending field
     */
    O run(P problem);
}
