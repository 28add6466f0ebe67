package io.relevans.customer;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the retailer knows about one customer (S13): linked identities, attributes with source and
 * time, consents per channel and purpose, a channel preference order and declared category
 * preferences. Immutable: every change returns a new profile. Collections are sorted so two equal
 * profiles print and serialise identically.
 *
 * @param id          the stable id
 * @param identities  the linked identities, at least one
 * @param attributes  attributes by name
 * @param consents    the newest consent answer per channel and purpose
 * @param channels    the preferred channel order
 * @param preferences declared interests and disinterests by category
 */
public record Customer(
        CustomerId id,
        SortedSet<Identity> identities,
        SortedMap<String, Attribute> attributes,
        SortedMap<Consent.Key, Consent> consents,
        ChannelPreference channels,
        SortedMap<Category, CategoryPreference> preferences) {

    /**
     * At most this many identities per customer. A link or merge that would pass it is refused with an
     * {@link IllegalArgumentException} naming the limit, and the engine stores nothing of that event.
     */
    public static final int MAX_IDENTITIES = 1_000;

    /**
     * Copies every collection; the profile cannot be changed afterwards.
     *
     * @throws IllegalArgumentException when there are more than {@link #MAX_IDENTITIES} identities
     */
    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channels, "channels");
        if (identities.size() > MAX_IDENTITIES) {
            throw new IllegalArgumentException("customer " + id + " would have " + identities.size()
                    + " identities, more than the limit of " + MAX_IDENTITIES + " per customer");
        }
        identities = Collections.unmodifiableSortedSet(new TreeSet<>(identities));
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
        consents = Collections.unmodifiableSortedMap(new TreeMap<>(consents));
        preferences = Collections.unmodifiableSortedMap(new TreeMap<>(preferences));
        for (Map.Entry<String, Attribute> e : attributes.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw new IllegalArgumentException("attribute stored under '" + e.getKey() + "' is named '"
                        + e.getValue().name() + "'");
            }
        }
    }

    /** A new profile known by one identity and nothing else. */
    public static Customer newCustomer(CustomerId id, Identity identity) {
        return new Customer(id, new TreeSet<>(Collections.singleton(identity)), new TreeMap<>(), new TreeMap<>(),
                ChannelPreference.NONE, new TreeMap<>());
    }

    /** The attribute with the given name, if known. */
    public Optional<Attribute> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** Whether the customer's newest answer for the channel and purpose is "yes". */
    public boolean hasConsent(Channel channel, Purpose purpose) {
        Consent c = consents.get(new Consent.Key(channel, purpose));
        return c != null && c.granted();
    }

    /** The declared interest in a category, if any. */
    public Optional<Interest> interestIn(Category category) {
        return Optional.ofNullable(preferences.get(category)).map(CategoryPreference::interest);
    }

    /** This profile with one more identity. */
    public Customer withIdentity(Identity identity) {
        if (identities.contains(identity)) {
            return this;
        }
        TreeSet<Identity> ids = new TreeSet<>(identities);
        ids.add(identity);
        return new Customer(id, ids, attributes, consents, channels, preferences);
    }

    /** This profile with the attribute set, unless the known value is newer. */
    public Customer withAttribute(Attribute attribute) {
        Attribute known = attributes.get(attribute.name());
        if (known != null && !attribute.supersedes(known)) {
            return this;
        }
        TreeMap<String, Attribute> copy = new TreeMap<>(attributes);
        copy.put(attribute.name(), attribute);
        return new Customer(id, identities, copy, consents, channels, preferences);
    }

    /** This profile without the named attribute. */
    public Customer withoutAttribute(String name) {
        if (!attributes.containsKey(name)) {
            return this;
        }
        TreeMap<String, Attribute> copy = new TreeMap<>(attributes);
        copy.remove(name);
        return new Customer(id, identities, copy, consents, channels, preferences);
    }

    /** This profile with the consent answer recorded, unless the known answer is newer. */
    public Customer withConsent(Consent consent) {
        Consent known = consents.get(consent.key());
        if (known != null && !consent.supersedes(known)) {
            return this;
        }
        TreeMap<Consent.Key, Consent> copy = new TreeMap<>(consents);
        copy.put(consent.key(), consent);
        return new Customer(id, identities, attributes, copy, channels, preferences);
    }

    /** This profile with the channel order, unless the known one is newer. */
    public Customer withChannels(ChannelPreference preference) {
        if (!preference.supersedes(channels)) {
            return this;
        }
        return new Customer(id, identities, attributes, consents, preference, preferences);
    }

    /** This profile with the category preference recorded, unless the known one is newer. */
    public Customer withPreference(CategoryPreference preference) {
        CategoryPreference known = preferences.get(preference.category());
        if (known != null && !preference.supersedes(known)) {
            return this;
        }
        TreeMap<Category, CategoryPreference> copy = new TreeMap<>(preferences);
        copy.put(preference.category(), preference);
        return new Customer(id, identities, attributes, consents, channels, copy);
    }

    /**
     * The union of this profile and another one found to be the same person (S13), kept under the
     * given id. Nothing is lost: all identities; per attribute, consent and category the newest
     * value; the newest channel order. The result does not depend on which profile is "this".
     */
    public Customer mergedWith(Customer other, CustomerId survivor) {
        Customer merged = new Customer(survivor, identities, attributes, consents, channels, preferences);
        for (Identity i : other.identities) {
            merged = merged.withIdentity(i);
        }
        for (Attribute a : other.attributes.values()) {
            merged = merged.withAttribute(a);
        }
        for (Consent c : other.consents.values()) {
            merged = merged.withConsent(c);
        }
        for (CategoryPreference p : other.preferences.values()) {
            merged = merged.withPreference(p);
        }
        return merged.withChannels(other.channels);
    }

    /** A short description safe for logs: the id and how many identities, never their values. */
    @Override
    public String toString() {
        return "Customer[" + id + ", " + identities.size() + " identities, " + attributes.size() + " attributes]";
    }
}
