package io.relevans.spi;

import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Something the engine must do for a customer at a moment: resume a program waiting at a step
 * ({@link Kind#RESUME}), or start a program whose trigger is time-based ({@link Kind#TRIGGER}:
 * inactivity, anniversaries). A customer has at most one timer per program and kind. A waiting
 * program's whole state is in its timer, so a restart on the same store loses nothing.
 *
 * @param customer the customer
 * @param program  the program's name
 * @param kind     resume a journey or start one
 * @param due      when it is due
 * @param step     for a resume, the label of the step to continue at; empty for a trigger
 * @param started  when the journey started (for a trigger timer: when it was scheduled)
 * @param variant  the A/B variant the customer is in, empty before a split
 * @param control  whether the customer is in the program's control group (S5)
 * @param trigger  the event that started the journey (for a trigger timer, the last event seen)
 * @param since    codes of the program's "since trigger" matches that have happened (from the match's
 *                 text, so they survive a reload)
 */
public record Timer(CustomerId customer, String program, Kind kind, Instant due, String step, Instant started,
                    String variant, boolean control, Event trigger, SortedSet<Integer> since) {

    /** Copies the set; never null parts. */
    public Timer {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(trigger, "trigger");
        since = Collections.unmodifiableSortedSet(new TreeSet<>(since));
    }

    /** The key a store keeps at most one timer under. */
    public Key key() {
        return new Key(customer, program, kind);
    }

    /** The kinds of timer. */
    public enum Kind {
        /**
         * Decide again a send that a full cap let wait for its next free slot ({@code step} is the send
         * step; the journey itself went on). First, so that the kinds sort as their names do.
         */
        DEFER,
        /** Continue a waiting journey. */
        RESUME,
        /** Start a journey (inactivity, anniversary). */
        TRIGGER
    }

    /**
     * The identity of a timer: one per customer, program and kind.
     *
     * @param customer the customer
     * @param program  the program
     * @param kind     the kind
     */
    public record Key(CustomerId customer, String program, Kind kind) {
        /** Never null parts. */
        public Key {
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
