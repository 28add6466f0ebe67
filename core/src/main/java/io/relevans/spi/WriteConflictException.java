package io.relevans.spi;

import io.relevans.customer.CustomerId;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the engine could not store its work on a customer because other writers (engines in
 * other processes on the same database) kept changing the customer's record between its reads and its
 * commits, as many times as it tries. Nothing of the failed attempts was stored; the input may be given
 * again.
 */
public final class WriteConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable CustomerId customer;
    private final int attempts;

    /**
     * @param customer the customer whose record kept changing; null when no attempt got as far as a commit (the
     *                 customers an import's identities lead to kept changing before each)
     * @param attempts how many times the work was done and its commit refused
     */
    public WriteConflictException(@Nullable CustomerId customer, int attempts) {
        super("could not store the work on customer " + customer + ": its record changed under the engine "
                + attempts + " times in a row (other engines on the same storage write it)");
        this.customer = customer;
        this.attempts = attempts;
    }

    /** The customer whose record kept changing; null when no attempt got as far as a commit. */
    public @Nullable CustomerId customer() {
        return customer;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }
}
