/** Voting rules (plurality, weighted quota, approval, Borda, instant-runoff, Schulze) over a validated electorate. */
package io.foundation.mabeam.internal.voting;
