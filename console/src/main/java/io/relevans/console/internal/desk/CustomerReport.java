package io.relevans.console.internal.desk;

import io.relevans.Explanation;
import io.relevans.customer.Customer;
import io.relevans.spi.Message;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One customer's picture for staff (S12, S14, S20, S22): the profile with its attributes' sources and ages,
 * consents, segments with why, the next best offers with why, what programs wait for, and one timeline.
 *
 * @param customer    the profile
 * @param at          the moment it is seen at
 * @param attributes  attributes with source, age and whether stale
 * @param consents    the answers per channel and purpose
 * @param segments    every loaded segment, member or not, with the explanation
 * @param offers      the next best offers, best first, with why
 * @param notOffered  programs that promote categories but are not offered now, with what may hold them back
 * @param waiting     the programs waiting for the customer
 * @param messages    every message decision, newest first
 * @param timeline    events and messages, newest first
 * @param timelineNote why the timeline may be incomplete (no archive, entries left out), if it is
 */
public record CustomerReport(Customer customer, Instant at, List<AttributeRow> attributes, List<ConsentRow> consents,
                             List<SegmentRow> segments, List<OfferRow> offers, List<NotOffered> notOffered,
                             List<WaitingRow> waiting, List<Message> messages, List<TimelineEntry> timeline,
                             Optional<String> timelineNote) {

    /** Copies the lists. */
    public CustomerReport {
        attributes = List.copyOf(attributes);
        consents = List.copyOf(consents);
        segments = List.copyOf(segments);
        offers = List.copyOf(offers);
        notOffered = List.copyOf(notOffered);
        waiting = List.copyOf(waiting);
        messages = List.copyOf(messages);
        timeline = List.copyOf(timeline);
    }

    /**
     * An attribute with where it came from and how old it is (S20).
     *
     * @param name     the name
     * @param value    the value as text
     * @param kind     text, number, flag or date
     * @param source   declared, inferred, imported or staff
     * @param time     when it was set or last confirmed
     * @param ageDays  its age in whole days
     * @param stale    whether it is older than it should be
     * @param staleAge the age after which it counts as stale, in days
     */
    public record AttributeRow(String name, String value, String kind, String source, Instant time, long ageDays,
                               boolean stale, long staleAge) {
    }

    /**
     * The customer's answer for one channel and purpose.
     *
     * @param channel the channel
     * @param purpose the purpose
     * @param granted given or withdrawn
     * @param time    when
     * @param source  how it was recorded
     */
    public record ConsentRow(String channel, String purpose, boolean granted, Instant time, String source) {
    }

    /**
     * A segment and why the customer is or is not in it.
     *
     * @param name        the segment
     * @param description what it is for
     * @param explanation the evaluation now, condition by condition
     */
    public record SegmentRow(String name, String description, Explanation explanation) {
        /** Whether the customer is in it now. */
        public boolean member() {
            return explanation.member();
        }
    }

    /**
     * A next best offer (S22) and why it is relevant.
     *
     * @param program     the program
     * @param description what it offers
     * @param categories  the categories it promotes
     * @param priority    its priority
     * @param priceOffer  whether its messages offer a price
     * @param why         the reasons, one per line
     */
    public record OfferRow(String program, String description, List<String> categories, int priority,
                           boolean priceOffer, List<String> why) {
        /** Copies the lists. */
        public OfferRow {
            categories = List.copyOf(categories);
            why = List.copyOf(why);
        }
    }

    /**
     * A program that promotes categories but is not offered now, with what can hold it back.
     *
     * @param program the program
     * @param reasons what may hold it back for this customer, one per line
     */
    public record NotOffered(String program, List<String> reasons) {
        /** Copies the reasons. */
        public NotOffered {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * A program waiting for the customer.
     *
     * @param program the program
     * @param kind    resume, trigger or defer
     * @param step    the step it continues at, empty for a trigger
     * @param due     when
     */
    public record WaitingRow(String program, String kind, String step, Instant due) {
    }
}
