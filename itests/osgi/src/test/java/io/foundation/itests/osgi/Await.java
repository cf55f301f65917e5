package io.foundation.itests.osgi;

import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition the node offers no event for, with a deadline. Runs inside the framework, where Awaitility
 * is not installed: it would need a Hamcrest 2 bundle next to the Hamcrest 1.3 that Pax Exam's JUnit bundle exports.
 */
final class Await {

    /** Generous for a 2-core machine; a healthy node meets every condition in well under a second. */
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final long POLL_MS = 20;

    private Await() {
    }

    /**
     * Observes {@code observe} until its value satisfies {@code done} and returns that value; fails naming
     * {@code what} and the last value seen once {@link #DEADLINE} has passed.
     */
    static <T> T until(String what, Supplier<T> observe, Predicate<? super T> done) {
        return until(what, observe, done, () -> "");
    }

    /** As {@link #until(String, Supplier, Predicate)}, adding {@code diagnosis} to a failure. */
    static <T> T until(String what, Supplier<T> observe, Predicate<? super T> done, Supplier<String> diagnosis) {
        long until = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            T value = observe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - until > 0) {
                String more = diagnosis.get();
                fail(what + " did not happen within " + DEADLINE.toSeconds() + "s; last observed: " + value
                        + (more.isEmpty() ? "" : "; " + more));
            }
            try {
                // A pause between observations, not a guess at how long something takes: the deadline decides.
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}
