package io.relevans;

/**
 * What one dispatch run did with the due messages it took from the outbox.
 *
 * @param sent     messages the channels accepted
 * @param retrying messages that failed temporarily and will be tried again
 * @param dead     messages given up: permanent failures, spent retry budgets, no channel, address or
 *                 template, waits for a paused channel past its limit
 * @param paused   messages not handed to their channel because it is paused ({@link ChannelBreaker}):
 *                 they wait, pending or retrying, for its next try
 */
public record DispatchReport(int sent, int retrying, int dead, int paused) {

    /** @throws IllegalArgumentException when a count is negative */
    public DispatchReport {
        if (sent < 0 || retrying < 0 || dead < 0 || paused < 0) {
            throw new IllegalArgumentException("counts must not be negative, got " + sent + ", " + retrying
                    + ", " + dead + ", " + paused);
        }
    }

    /**
     * A run that paused nothing.
     *
     * @throws IllegalArgumentException when a count is negative
     */
    public DispatchReport(int sent, int retrying, int dead) {
        this(sent, retrying, dead, 0);
    }

    /** How many messages the run handled, paused ones included. */
    public int total() {
        return sent + retrying + dead + paused;
    }
}
