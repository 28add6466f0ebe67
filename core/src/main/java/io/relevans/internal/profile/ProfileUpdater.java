package io.relevans.internal.profile;

import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Channel;
import io.relevans.customer.ChannelPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How built-in events change a customer's profile: consent changes and unsubscribes (S24), declared
 * preferences (S21, S1), confirmed and corrected attributes (S20, S22). Older news never overwrites
 * newer: every change carries the event's time. Stateless.
 */
public final class ProfileUpdater {

    private ProfileUpdater() {
    }

    /** The profile after the event; the same instance when the event does not touch the profile. */
    public static Customer apply(Customer customer, Event event) {
        EventType type = event.type();
        Source source = sourceOf(event);
        if (type.equals(EventType.CONSENT_CHANGE)) {
            boolean granted = event.property("granted").map(v -> v.asNumber() == 1).orElse(false);
            return customer.withConsent(new Consent(Channel.of(text(event, "channel")), Purpose.of(text(event, "purpose")),
                    granted, event.time(), source));
        }
        if (type.equals(EventType.MESSAGE_UNSUBSCRIBED)) {
            Purpose purpose = event.text("purpose").map(Purpose::of).orElse(Purpose.MARKETING);
            return customer.withConsent(new Consent(Channel.of(text(event, "channel")), purpose, false, event.time(),
                    Source.DECLARED));
        }
        if (type.equals(EventType.PREFERENCE_DECLARED)) {
            Customer updated = customer;
            if (event.properties().containsKey("category")) {
                Interest interest = Interest.valueOf(text(event, "interest").toUpperCase(Locale.ROOT));
                updated = updated.withPreference(new CategoryPreference(Category.of(text(event, "category")), interest,
                        event.time(), source));
            }
            if (event.properties().containsKey("channels")) {
                List<Channel> order = Arrays.stream(text(event, "channels").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).map(Channel::of).distinct().toList();
                updated = updated.withChannels(new ChannelPreference(order, event.time()));
            }
            return updated;
        }
        if (type.equals(EventType.ATTRIBUTE_CONFIRMED) || type.equals(EventType.ATTRIBUTE_CORRECTED)) {
            Value value = event.property("value").orElseThrow();
            return customer.withAttribute(new Attribute(text(event, "attribute"), value, source, event.time()));
        }
        return customer;
    }

    private static String text(Event event, String property) {
        return event.text(property).orElseThrow();
    }

    /** The source an event's data has: its {@code source} property, else staff for store and service. */
    static Source sourceOf(Event event) {
        return event.text("source").flatMap(s -> Arrays.stream(Source.values())
                        .filter(v -> v.name().equalsIgnoreCase(s)).findFirst())
                .orElse(event.origin() == Origin.STORE || event.origin() == Origin.SERVICE ? Source.STAFF : Source.DECLARED);
    }
}
