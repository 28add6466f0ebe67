package io.relevans.benchmarks.baseline.naive;

import io.relevans.customer.Attribute;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.Interest;
import io.relevans.customer.Value;
import java.util.HashSet;
import java.util.Set;

/** Naive-Drools fact: the customer's profile at the moment of evaluation. */
public final class Profile {
    private final Customer customer;
    private final long now;
    private final Set<String> consents = new HashSet<>();
    private final Set<String> notInterested = new HashSet<>();

    /** Wraps a profile. */
    public Profile(Customer customer, long now) {
        this.customer = customer;
        this.now = now;
        for (Consent c : customer.consents().values()) {
            if (c.granted()) {
                consents.add(c.channel().name() + "/" + c.purpose().name());
            }
        }
        customer.preferences().values().forEach(p -> {
            if (p.interest() == Interest.NOT_INTERESTED) {
                notInterested.add(p.category().name());
            }
        });
    }

    /** The text value of an attribute, or null. */
    public String text(String name) {
        Attribute a = customer.attributes().get(name);
        return a != null && a.value() instanceof Value.Text t ? t.value() : null;
    }

    /** The number value of an attribute, or NaN. */
    public double number(String name) {
        Attribute a = customer.attributes().get(name);
        return a != null && a.value() instanceof Value.Number n ? n.value() : Double.NaN;
    }

    /** Whether the attribute is known. */
    public boolean has(String name) {
        return customer.attributes().containsKey(name);
    }

    /** How old the attribute is in millis, or -1 when unknown. */
    public long ageMillis(String name) {
        Attribute a = customer.attributes().get(name);
        return a == null ? -1 : now - a.time().toEpochMilli();
    }

    /** Granted consents as channel/purpose. */
    public Set<String> getConsents() {
        return consents;
    }

    /** Categories declared not of interest. */
    public Set<String> getNotInterested() {
        return notInterested;
    }
}
