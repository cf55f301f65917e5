package io.foundation.api.mabeam.market;

/** The shape of a consumer's utility over goods, with weights {@code w} from {@link Consumer#weights()}. */
public enum Utility {
    /** u(x) = Π x_g^(w_g); weights are positive and are normalised by their actual total. */
    COBB_DOUGLAS,
    /** u(x) = Σ w_g·x_g; weights are non-negative and not all zero. */
    LINEAR
}
