package io.relevans.spi;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.event.Line;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A decision to contact a customer, stored in the outbox before any channel is called, and what
 * became of it: sent, retried, dead, or suppressed with a reason (no consent, capped, control group,
 * ...). The id is the idempotency key: the same decision made twice has the same id and is stored
 * once.
 *
 * @param id          idempotency key
 * @param customer    the customer
 * @param program     the program
 * @param step        the step that decided it
 * @param variant     the A/B variant, empty when none
 * @param channel     the channel chosen; empty when suppressed before a channel was chosen
 * @param template    the template id
 * @param purpose     the consent purpose
 * @param data        message data
 * @param lines       lines taken along from the trigger event
 * @param decidedAt   when the engine decided
 * @param status      what became of it
 * @param reason      why it was suppressed, or the last delivery error; empty otherwise
 * @param attempts    how many deliveries were tried
 * @param nextAttempt when the next delivery is due (pending and retrying messages)
 * @param outcomes    feedback and conversion times by name: delivered, opened, clicked, bounced,
 *                    unsubscribed, converted
 * @param categories  the product categories the message carries: those its program promotes, of its
 *                    lines, and of the trigger's product data bound into it; declared disinterest and
 *                    category exclusions look at all of them, at decision and at delivery
 * @param suppression for a suppressed message, the guard that stopped it with the values it saw and
 *                    the moment (empty for messages suppressed before guards were recorded)
 */
public record Message(String id, CustomerId customer, String program, String step, String variant,
                      Optional<Channel> channel, String template, Purpose purpose, SortedMap<String, Value> data,
                      List<Line> lines, Instant decidedAt, Status status, String reason, int attempts,
                      Instant nextAttempt, SortedMap<String, Instant> outcomes, SortedSet<Category> categories,
                      Optional<Suppression> suppression) {

    /** Copies collections; never null parts. */
    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(purpose, "purpose");
        data = Collections.unmodifiableSortedMap(new TreeMap<>(data));
        lines = List.copyOf(lines);
        Objects.requireNonNull(decidedAt, "decided at");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(nextAttempt, "next attempt");
        outcomes = Collections.unmodifiableSortedMap(new TreeMap<>(outcomes));
        categories = Collections.unmodifiableSortedSet(new TreeSet<>(categories));
        Objects.requireNonNull(suppression, "suppression");
    }

    /** A message with what it carries, not (or not yet) suppressed by a guard. */
    public Message(String id, CustomerId customer, String program, String step, String variant,
                   Optional<Channel> channel, String template, Purpose purpose, SortedMap<String, Value> data,
                   List<Line> lines, Instant decidedAt, Status status, String reason, int attempts,
                   Instant nextAttempt, SortedMap<String, Instant> outcomes, SortedSet<Category> categories) {
        this(id, customer, program, step, variant, channel, template, purpose, data, lines, decidedAt, status, reason,
                attempts, nextAttempt, outcomes, categories, Optional.empty());
    }

    /** A message that carries no product category (none promoted, no product data). */
    public Message(String id, CustomerId customer, String program, String step, String variant,
                   Optional<Channel> channel, String template, Purpose purpose, SortedMap<String, Value> data,
                   List<Line> lines, Instant decidedAt, Status status, String reason, int attempts,
                   Instant nextAttempt, SortedMap<String, Instant> outcomes) {
        this(id, customer, program, step, variant, channel, template, purpose, data, lines, decidedAt, status, reason,
                attempts, nextAttempt, outcomes, new TreeSet<>(), Optional.empty());
    }

    /** This message with another status, reason, attempt count and next attempt. */
    public Message with(Status newStatus, String newReason, int newAttempts, Instant newNextAttempt) {
        return new Message(id, customer, program, step, variant, channel, template, purpose, data, lines, decidedAt,
                newStatus, newReason, newAttempts, newNextAttempt, outcomes, categories, suppression);
    }

    /** This message suppressed by a guard, with the reason for people. */
    public Message suppressedBy(Suppression by, String newReason) {
        return new Message(id, customer, program, step, variant, channel, template, purpose, data, lines, decidedAt,
                Status.SUPPRESSED, newReason, attempts, nextAttempt, outcomes, categories, Optional.of(by));
    }

    /** This message as one of another customer's: a merged profile's messages move to the survivor. */
    public Message forCustomer(CustomerId newCustomer) {
        return new Message(id, newCustomer, program, step, variant, channel, template, purpose, data, lines, decidedAt,
                status, reason, attempts, nextAttempt, outcomes, categories, suppression);
    }

    /** This message with an outcome recorded, unless already recorded. */
    public Message withOutcome(String outcome, Instant at) {
        if (outcomes.containsKey(outcome)) {
            return this;
        }
        TreeMap<String, Instant> more = new TreeMap<>(outcomes);
        more.put(outcome, at);
        return new Message(id, customer, program, step, variant, channel, template, purpose, data, lines, decidedAt,
                status, reason, attempts, nextAttempt, more, categories, suppression);
    }

    /** What became of a message. */
    public enum Status {
        /** Decided, not yet handed to a channel. */
        PENDING,
        /** Handed to the channel successfully. */
        SENT,
        /** A delivery failed; it will be tried again at {@code nextAttempt}. */
        RETRYING,
        /** Delivery failed permanently or the retry budget is spent: visible, never silently dropped. */
        DEAD,
        /** Not sent, for the reason given: a guard, the control group, an exit. */
        SUPPRESSED
    }
}
