/**
 * MABEAM coordination protocols: the service type {@link io.foundation.api.mabeam.CoordinationProtocol} every
 * mechanism provides, its identity ({@link io.foundation.api.mabeam.ProtocolId}), the common measurements an outcome
 * carries and the exact {@link io.foundation.api.mabeam.Fraction} used for shares and probabilities.
 *
 * <p>Problems and outcomes are plain immutable data, so a problem can be read from JSON, sent to another node or
 * replicated through consensus, and every node that runs the same protocol version on it computes the same outcome.
 * Values copy their collections but check nothing: the protocol that runs a problem validates all of it before
 * deciding anything and names the offending field in an {@link io.foundation.api.mabeam.InvalidProblemException}.
 *
 * <p>Family packages hold the problem and outcome types: {@code auction}, {@code market}, {@code negotiation},
 * {@code voting}, {@code game} and {@code selection}. A third party writes its own protocol bundle against these
 * packages alone.
 */
@Version("1.0.0")
package io.foundation.api.mabeam;

import org.osgi.annotation.versioning.Version;
