/**
 * Auction mechanisms: sealed-bid first-price and Vickrey, English and Dutch clocks, multi-unit uniform price,
 * combinatorial winner determination by branch and bound, and VCG.
 */
package io.foundation.mabeam.internal.auction;
