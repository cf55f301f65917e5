/**
 * Auctions: single-item sealed-bid, English and Dutch auctions, multi-unit uniform-price auctions, and
 * combinatorial auctions over bundles of items (exact winner determination and VCG).
 *
 * <p>Money is a {@code long} in minor units (cents). Ties are broken by submission order: of two equal bids, the one
 * listed first in the problem wins. All auctions report an {@link io.foundation.api.mabeam.auction.AuctionOutcome}.
 */
@Version("1.0.0")
package io.foundation.api.mabeam.auction;

import org.osgi.annotation.versioning.Version;
