package io.foundation.api.mabeam.market;

/** {@code quantity} units passing from seller to buyer at {@code price}; {@code sequence} counts trades from 1. */
public record Trade(long sequence, String buyOrder, String sellOrder, String buyer, String seller, long price,
        long quantity) {
}
