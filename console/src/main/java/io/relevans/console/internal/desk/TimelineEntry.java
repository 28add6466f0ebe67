package io.relevans.console.internal.desk;

import java.time.Instant;
import java.util.Optional;

/**
 * One thing on a customer's timeline (S12, S14): an event from any channel (a purchase online or in a store, a
 * review, a complaint, a service contact, a note) or a message with its outcome or the guard that held it back.
 *
 * @param at      when
 * @param kind    the event type, or {@code message}
 * @param where   the event's origin (web, app, store, service, system) or the message's channel
 * @param summary what happened, in one line
 * @param outcome for a message: sent, pending, retrying, dead or held back, with the outcomes seen
 * @param guard   for a message held back: the guard that stopped it
 */
public record TimelineEntry(Instant at, String kind, String where, String summary, Optional<String> outcome,
                            Optional<String> guard) {
}
