package io.relevans.customer;

/**
 * What a message is for, as consent is given per channel and purpose (S13): marketing offers,
 * service messages, surveys... Applications may name their own.
 *
 * @param name the purpose name, 1..64 lower-case letters, digits, '_' or '-'
 */
public record Purpose(String name) implements Comparable<Purpose> {
    /** Offers and other marketing. */
    public static final Purpose MARKETING = new Purpose("marketing");
    /** Service messages about orders, deliveries and care. */
    public static final Purpose SERVICE = new Purpose("service");
    /** Surveys and review requests. */
    public static final Purpose SURVEYS = new Purpose("surveys");

    /** @throws IllegalArgumentException when the name is not valid */
    public Purpose {
        name = Names.check("purpose", name);
    }

    /** The purpose with the given name. */
    public static Purpose of(String name) {
        return new Purpose(name);
    }

    @Override
    public int compareTo(Purpose other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
