package io.relevans.examples.retailer;

import io.relevans.CustomerView;
import io.relevans.Offer;
import io.relevans.Relevans;
import io.relevans.customer.Attribute;
import io.relevans.customer.Consent;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Line;
import io.relevans.spi.Message;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The customer service view (S12, S14): one customer's whole picture on one screen. Who they are
 * (identities, basic data and how old it is, consents), their segments, one timeline of what they did
 * in every channel (purchases online and in the store, reviews, complaints, service contacts) and what
 * the programs sent them or held back, with the outcomes, and the next best offer for the staff.
 */
public final class CustomerTimeline {

    private static final Set<EventType> SHOWN = Set.of(EventType.PURCHASE, EventType.CART_CHANGE, EventType.STORE_VISIT,
            EventType.REVIEW, EventType.COMPLAINT, EventType.SUPPORT_CONTACT, EventType.SIGNUP,
            EventType.CONSENT_CHANGE, EventType.MESSAGE_UNSUBSCRIBED, EventType.PREFERENCE_DECLARED,
            EventType.ATTRIBUTE_CONFIRMED, EventType.ATTRIBUTE_CORRECTED, Behaviour.SURVEY_ANSWER);

    private CustomerTimeline() {
    }

    /**
     * Prints the view of the customer with the identity.
     *
     * @param events the event history to take the customer's interactions from, if there is one
     * @throws NoSuchElementException when no customer has the identity
     */
    public static void print(Relevans engine, Identity identity, Path events, PrintStream out) throws IOException {
        CustomerView view = engine.customer(identity)
                .orElseThrow(() -> new NoSuchElementException("no customer has the identity " + identity));
        Instant now = view.at();
        out.println("Customer " + view.customer().id() + " at " + now);
        out.println("  identities: " + view.customer().identities().stream().map(Identity::type)
                .map(t -> t.jsonName()).collect(Collectors.joining(", ")));
        for (Attribute a : view.customer().attributes().values()) {
            out.printf(Locale.ROOT, "  %-12s %-12s %s, %d days old%n", a.name(), a.value().asText(),
                    a.source().name().toLowerCase(Locale.ROOT), a.age(now).toDays());
        }
        out.println("  consents:   " + view.customer().consents().values().stream().filter(Consent::granted)
                .map(c -> c.channel() + " for " + c.purpose()).collect(Collectors.joining(", ")));
        out.println("  channels:   " + (view.customer().channels().order().isEmpty() ? "no preference"
                : view.customer().channels().order().toString()));
        out.println("  segments:   " + String.join(", ", view.segments()));

        List<String[]> timeline = new ArrayList<>();
        if (Files.exists(events)) {
            Set<Identity> known = view.customer().identities();
            try (HistoryFile history = new HistoryFile(events)) {
                while (history.hasBefore(Instant.MAX)) {
                    Event e = history.next();
                    if (SHOWN.contains(e.type()) && (known.contains(e.customer())
                            || e.links().stream().anyMatch(known::contains))) {
                        timeline.add(new String[] {e.time().toString(), e.origin().name().toLowerCase(Locale.ROOT),
                                describe(e)});
                    }
                }
            }
        }
        for (Message m : engine.messages(view.customer().id())) {
            String outcome = m.status() == Message.Status.SUPPRESSED ? "held back: " + m.reason()
                    : m.status().name().toLowerCase(Locale.ROOT) + (m.outcomes().isEmpty() ? ""
                    : ", " + String.join(", ", m.outcomes().keySet()));
            timeline.add(new String[] {m.decidedAt().toString(), m.channel().map(c -> c.name()).orElse("-"),
                    "message " + m.program() + "/" + m.step() + ": " + outcome});
        }
        timeline.sort(Comparator.comparing((String[] row) -> row[0]));
        out.println("  timeline:");
        for (String[] row : timeline) {
            out.printf(Locale.ROOT, "    %s  %-8s %s%n", row[0].substring(0, 16).replace('T', ' '), row[1], row[2]);
        }
        List<Offer> offers = engine.nextBestOffers(view.customer().id());
        out.println("  next best offer: " + (offers.isEmpty() ? "nothing relevant now"
                : offers.get(0).program() + " (" + offers.get(0).description() + ")"));
    }

    private static String describe(Event e) {
        String lines = e.lines().stream().map(Line::sku).collect(Collectors.joining(", "));
        Map<String, io.relevans.customer.Value> p = e.properties();
        StringBuilder d = new StringBuilder(e.type().name());
        if (!lines.isEmpty()) {
            d.append(' ').append(lines).append(String.format(Locale.ROOT, " (NOK %,.0f)", e.total()));
        }
        for (String key : List.of("store", "rating", "reason", "topic", "score", "attribute", "value", "category",
                "interest", "channel", "purpose", "granted")) {
            if (p.containsKey(key)) {
                d.append(' ').append(key).append('=').append(p.get(key).asText());
            }
        }
        return d.toString();
    }
}
