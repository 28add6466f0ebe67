package io.relevans.definition;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a customer can go through a program again. A customer is never in the same program twice at
 * once; {@link Kind#RESTART} makes a new trigger start the program over (a newer cart replaces the
 * reminder of the older one).
 *
 * @param kind   the rule
 * @param period for {@link Kind#ONCE_PER}, the period; zero otherwise
 */
public record Reentry(Kind kind, Duration period) {

    /** Once per customer, ever (a welcome program). */
    public static final Reentry ONCE = new Reentry(Kind.ONCE, Duration.ZERO);
    /** Again whenever the previous run has ended. */
    public static final Reentry WHEN_DONE = new Reentry(Kind.WHEN_DONE, Duration.ZERO);
    /** Again on every trigger, starting over if still running. */
    public static final Reentry RESTART = new Reentry(Kind.RESTART, Duration.ZERO);

    /** @throws IllegalArgumentException when the period does not fit the kind */
    public Reentry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(period, "period");
        if ((kind == Kind.ONCE_PER) == (period.isZero() || period.isNegative())) {
            throw new IllegalArgumentException(kind == Kind.ONCE_PER ? "once per needs a positive period"
                    : kind + " takes no period");
        }
        Limits.duration("a re-entry period", period);
    }

    /** At most once per period (a birthday greeting once a year). */
    public static Reentry oncePer(Duration period) {
        return new Reentry(Kind.ONCE_PER, period);
    }

    /** The kinds of re-entry rule. */
    public enum Kind {
        /** Once ever. */
        ONCE,
        /** Once per period, counted from the previous start. */
        ONCE_PER,
        /** Whenever not running. */
        WHEN_DONE,
        /** Always; a running program starts over. */
        RESTART
    }
}
