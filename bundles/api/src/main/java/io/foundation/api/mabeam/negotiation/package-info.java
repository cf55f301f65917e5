/**
 * Negotiation between agents: the contract net (announce, bid, award with deadlines and refusals), Rubinstein
 * alternating offers, and the monotonic concession protocol with the Zeuthen strategy.
 *
 * <p>Time in a contract net is logical (ticks since the announcement); nothing waits on a real clock.
 */
@Version("1.0.0")
package io.foundation.api.mabeam.negotiation;

import org.osgi.annotation.versioning.Version;
