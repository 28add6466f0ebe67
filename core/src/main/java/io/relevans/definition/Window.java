package io.relevans.definition;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The sliding period a feature looks back over, kept as time buckets so that a customer's state stays
 * bounded. An event counts when its bucket is the current bucket or one of the previous
 * {@code buckets - 1}; so "90 days in 1-day buckets" covers today and the 89 days before, and the
 * window moves one bucket at a time.
 *
 * @param length how far back, a whole number of buckets; {@link Duration#ZERO} means all time
 * @param bucket the bucket size; {@link Duration#ZERO} for all time
 */
public record Window(Duration length, Duration bucket) {

    /** All events ever, in one bucket. */
    public static final Window ALL_TIME = new Window(Duration.ZERO, Duration.ZERO);

    /** The longest window: 3,660 days. */
    public static final Duration MAX_LENGTH = Duration.ofDays(3660);

    /** At most this many buckets per window. */
    public static final int MAX_BUCKETS = 400;

    /** @throws IllegalArgumentException when the length is not a whole number of buckets, or too fine */
    public Window {
        Objects.requireNonNull(length, "window length");
        Objects.requireNonNull(bucket, "window bucket");
        if (!(length.isZero() && bucket.isZero())) {
            if (length.isNegative() || length.isZero() || bucket.isNegative() || bucket.isZero()) {
                throw new IllegalArgumentException("window length and bucket must be positive, got " + length
                        + " in buckets of " + bucket);
            }
            if (length.compareTo(MAX_LENGTH) > 0) { // before any arithmetic on it
                throw new InvalidDefinitionException(List.of("windows are limited to 3660 days, got " + length));
            }
            Limits.duration("a window's bucket", bucket);
            if (bucket.compareTo(length) > 0) {
                throw new IllegalArgumentException("window bucket " + bucket + " is longer than the window " + length);
            }
            if (bucket.toMillis() < 60_000 || bucket.toMillis() % 60_000 != 0) {
                throw new IllegalArgumentException("window buckets must be whole minutes, got " + bucket);
            }
            if (length.toMillis() % bucket.toMillis() != 0) {
                throw new IllegalArgumentException("window length " + length + " is not a whole number of "
                        + bucket + " buckets");
            }
            if (length.toMillis() / bucket.toMillis() > MAX_BUCKETS) {
                throw new IllegalArgumentException("window " + length + " in buckets of " + bucket + " needs "
                        + length.toMillis() / bucket.toMillis() + " buckets; at most " + MAX_BUCKETS
                        + " are allowed, use larger buckets");
            }
        }
    }

    /**
     * The last {@code days} days in one-day buckets (up to 400 days), or in weeks above that.
     *
     * @throws IllegalArgumentException when days is not positive
     */
    public static Window days(int days) {
        if (days <= 0) {
            throw new IllegalArgumentException("window days must be positive, got " + days);
        }
        Duration length = Duration.ofDays(days);
        if (days <= MAX_BUCKETS) {
            return new Window(length, Duration.ofDays(1));
        }
        if (days % 7 != 0) {
            throw new IllegalArgumentException("windows over " + MAX_BUCKETS + " days must be whole weeks, got "
                    + days + " days");
        }
        return new Window(length, Duration.ofDays(7));
    }

    /**
     * The last {@code hours} hours in one-hour buckets.
     *
     * @throws IllegalArgumentException when hours is not positive or above 400
     */
    public static Window hours(int hours) {
        if (hours <= 0) {
            throw new IllegalArgumentException("window hours must be positive, got " + hours);
        }
        return new Window(Duration.ofHours(hours), Duration.ofHours(1));
    }

    /** Whether this is the all-time window. */
    public boolean isAllTime() {
        return length.isZero();
    }

    /** The number of buckets, or 1 for all time. */
    public int buckets() {
        return isAllTime() ? 1 : (int) (length.toMillis() / bucket.toMillis());
    }

    /** A short text such as {@code 90d}, {@code 12h/1h} or {@code all time}. */
    public String describe() {
        if (isAllTime()) {
            return "all time";
        }
        String len = format(length);
        boolean wholeDays = length.toMillis() % 86_400_000L == 0;
        Duration usual = length.toDays() <= MAX_BUCKETS ? Duration.ofDays(1) : Duration.ofDays(7);
        return wholeDays && bucket.equals(usual) ? len : len + "/" + format(bucket);
    }

    private static String format(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        if (minutes % 60 == 0) {
            return minutes / 60 + "h";
        }
        return minutes + "m";
    }
}
