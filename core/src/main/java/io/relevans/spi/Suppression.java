package io.relevans.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Why a message was not sent, for programs to read: the guard that stopped it, the values it saw, and
 * whether it stopped the message when it was decided or later, before delivery. {@link Message#reason()}
 * keeps the same for people.
 *
 * @param guard  the guard
 * @param seen   the values the guard looked at, by name (a category, a cap, a channel's answer...)
 * @param moment when it stopped the message
 * @param at     the engine's time then
 */
public record Suppression(Guard guard, SortedMap<String, String> seen, Moment moment, Instant at) {

    /** Copies the values; never null parts. */
    public Suppression {
        Objects.requireNonNull(guard, "guard");
        seen = Collections.unmodifiableSortedMap(new TreeMap<>(seen));
        Objects.requireNonNull(moment, "moment");
        Objects.requireNonNull(at, "at");
    }

    /** A suppression with the values seen given as name, value pairs. */
    public static Suppression of(Guard guard, Moment moment, Instant at, Map<String, String> seen) {
        return new Suppression(guard, new TreeMap<>(seen), moment, at);
    }

    /** The guards that stop messages. */
    public enum Guard {
        /** The program's exit event or exit condition (S3, S24). */
        EXIT,
        /** The customer declared no interest in a category the message carries (S21). */
        DECLARED_DISINTEREST,
        /** A category exclusion by customer data holds (S16, S18). */
        CATEGORY_EXCLUSION,
        /** A price offer right after a purchase in its category (S10). */
        NO_BETTER_OFFER,
        /** No channel of the choice is usable: adapter, consent, address, intimate relevance (S1, S24). */
        NO_USABLE_CHANNEL,
        /** A frequency cap is full (S4). */
        CAP,
        /** The customer is in the program's control group (S5, S9). */
        CONTROL_GROUP
    }

    /** When the guard stopped the message. */
    public enum Moment {
        /** When the program's step decided it. */
        DECISION,
        /** After the decision, before any channel had it: something changed meanwhile. */
        DELIVERY
    }
}
