/**
 * Voting rules over one {@link io.foundation.api.mabeam.voting.Election}: plurality, weighted (quota), approval,
 * Borda, instant-runoff and Schulze.
 *
 * <p>Every rule counts a ballot with its weight, checks the quorum before deciding, reports shares normalised by the
 * total weight actually cast, and resolves ties by the election's explicit
 * {@link io.foundation.api.mabeam.voting.TieBreak}.
 */
@Version("1.0.0")
package io.foundation.api.mabeam.voting;

import org.osgi.annotation.versioning.Version;
