package io.foundation.api.mabeam.market;

/**
 * A limit order: {@code trader} buys ({@link Side#BID}) at most, or sells ({@link Side#ASK}) at least, at
 * {@code price} (minor units) up to {@code quantity} units. {@code id} is unique within a problem.
 */
public record Order(String id, String trader, Side side, long price, long quantity) {

    /** The same order with another quantity, as it rests in a book after partial fills. */
    public Order withQuantity(long remaining) {
        return new Order(id, trader, side, price, remaining);
    }
}
