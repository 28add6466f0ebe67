package io.relevans.benchmarks.baseline.naive;

/** Naive-Drools fact: the moment of evaluation. */
public final class Today {
    private final long millis;

    /** @param millis epoch millis */
    public Today(long millis) {
        this.millis = millis;
    }

    /** Epoch millis. */
    public long getMillis() {
        return millis;
    }

    /** Epoch day. */
    public long getDay() {
        return Math.floorDiv(millis, 86_400_000L);
    }
}
