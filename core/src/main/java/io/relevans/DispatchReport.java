package io.relevans;

/**
 * What one dispatch run did with the due messages it took from the outbox.
 *
 * @param sent     messages the channels accepted
 * @param retrying messages that failed temporarily and will be tried again
 * @param dead     messages given up: permanent failures, spent retry budgets, no channel, address or
 *                 template
 */
public record DispatchReport(int sent, int retrying, int dead) {

    /** @throws IllegalArgumentException when a count is negative */
    public DispatchReport {
        if (sent < 0 || retrying < 0 || dead < 0) {
            throw new IllegalArgumentException("counts must not be negative, got " + sent + ", " + retrying
                    + ", " + dead);
        }
    }

    /** How many messages the run handled. */
    public int total() {
        return sent + retrying + dead;
    }
}
