package io.foundation.api.mabeam.market;

/**
 * One event reaching the book: a {@link OrderAction#SUBMIT} carries {@code order}; a {@link OrderAction#CANCEL}
 * carries the {@code orderId} of an order submitted earlier.
 */
public record OrderEvent(OrderAction action, Order order, String orderId) {

    public static OrderEvent submit(Order order) {
        return new OrderEvent(OrderAction.SUBMIT, order, null);
    }

    public static OrderEvent cancel(String orderId) {
        return new OrderEvent(OrderAction.CANCEL, null, orderId);
    }
}
