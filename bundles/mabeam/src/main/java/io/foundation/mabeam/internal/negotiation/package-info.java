/** Negotiation mechanisms: the contract net, Rubinstein alternating offers and Zeuthen monotonic concession. */
package io.foundation.mabeam.internal.negotiation;
