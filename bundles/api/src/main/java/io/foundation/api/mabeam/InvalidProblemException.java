package io.foundation.api.mabeam;

/**
 * A problem that a protocol refuses to decide on, thrown before any state changes. {@link #field()} names the
 * offending part as a path into the problem, for example {@code bids[2].amount}.
 */
public class InvalidProblemException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidProblemException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** Path of the offending field, for example {@code ballots[0].choices[1]}. */
    public String field() {
        return field;
    }

    /** What is wrong with it, for example {@code unknown candidate "dave"}. */
    public String reason() {
        return reason;
    }
}
