package io.relevans.definition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Objects;

/**
 * What starts a program for a customer (S2: programs run all the time): an event, a segment change,
 * the anniversary of a date attribute, inactivity, or a recurring schedule.
 */
public sealed interface Trigger permits Trigger.OnEvent, Trigger.OnSegment, Trigger.OnAnniversary,
        Trigger.OnInactivity, Trigger.OnSchedule {

    /** The trigger as text. */
    String describe();

    /** An event of a type that passes filters, such as a cart change (S3) or a support contact (S12). */
    static OnEvent event(EventMatch match) {
        return new OnEvent(match);
    }

    /** Entering a segment. */
    static OnSegment entered(String segment) {
        return new OnSegment(segment, true);
    }

    /** Leaving a segment. */
    static OnSegment exited(String segment) {
        return new OnSegment(segment, false);
    }

    /**
     * Starts on each event that matches.
     *
     * @param match the events that start the program
     */
    record OnEvent(EventMatch match) implements Trigger {
        /** Never null. */
        public OnEvent {
            Objects.requireNonNull(match, "match");
        }

        @Override
        public String describe() {
            return "on " + match.describe();
        }
    }

    /**
     * Starts when the customer enters (or leaves) a segment.
     *
     * @param segment  the segment's name
     * @param entered  true for entering, false for leaving
     * @param backfill whether an entry (or exit) that comes from filling a feature a reload added
     *                 (docs/import.md) starts it too; by default it does not: that change is not the
     *                 customer's doing
     */
    record OnSegment(String segment, boolean entered, boolean backfill) implements Trigger {
        /** @throws IllegalArgumentException when the name is invalid */
        public OnSegment {
            Segment.checkName(segment);
        }

        /** A trigger that a backfill's changes do not start. */
        public OnSegment(String segment, boolean entered) {
            this(segment, entered, false);
        }

        /** This trigger, started also by the changes a backfill makes. */
        public OnSegment includingBackfill() {
            return new OnSegment(segment, entered, true);
        }

        @Override
        public String describe() {
            return (entered ? "on entering segment " : "on leaving segment ") + segment
                    + (backfill ? " including backfill" : "");
        }
    }

    /**
     * Starts every year on the anniversary of a date attribute (a birthday, a membership date, S8), at
     * a local time in the customer's time zone.
     *
     * @param attribute the date attribute
     * @param at        the local time of day
     */
    record OnAnniversary(String attribute, LocalTime at) implements Trigger {
        /** @throws IllegalArgumentException when the name is invalid */
        public OnAnniversary {
            io.relevans.customer.Attribute.checkName(attribute);
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String describe() {
            return "on the anniversary of " + attribute + " at " + at;
        }
    }

    /**
     * Starts when a customer who had an event of the type has had none for the period ("we miss you"
     * after 180 days, S8).
     *
     * @param match  the events whose absence counts
     * @param period how long without one
     */
    record OnInactivity(EventMatch match, Duration period) implements Trigger {
        /** @throws IllegalArgumentException when the period is not positive */
        public OnInactivity {
            Objects.requireNonNull(match, "match");
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("inactivity period must be positive, got " + period);
            }
            Limits.duration("an inactivity period", period);
        }

        @Override
        public String describe() {
            return "after " + Conditions.duration(period) + " without " + match.describe();
        }
    }

    /**
     * Starts for every customer in the program's audience at a recurring moment.
     *
     * @param first the first moment
     * @param every the period between moments, at least an hour
     */
    record OnSchedule(Instant first, Duration every) implements Trigger {
        /** @throws IllegalArgumentException when the period is shorter than an hour */
        public OnSchedule {
            Objects.requireNonNull(first, "first");
            if (every == null || every.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("schedules repeat at most hourly, got " + every);
            }
            Limits.duration("a schedule's period", every);
        }

        @Override
        public String describe() {
            return "every " + Conditions.duration(every) + " from " + first;
        }
    }
}
