/** Voting rules: plurality, weighted quota, approval, Borda, instant-runoff and Schulze over one validated electorate. */
package io.foundation.mabeam.internal.voting;
