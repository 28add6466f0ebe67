package io.relevans;

import java.util.List;
import java.util.Objects;

/**
 * Something relevant for a customer now (S22), for store staff and web pages: an eligible program that
 * promotes categories, after every relevance guard (declared disinterest, category exclusions, no better
 * offer right after a purchase). Every such program is listed, whether its messages offer a price or
 * recommend content ({@link #priceOffer()} tells them apart): a page shows the one, staff may mention
 * the other.
 *
 * @param program     the program
 * @param description what the program offers
 * @param categories  the categories it promotes
 * @param priority    its priority; offers come best first
 * @param priceOffer  whether the program's messages offer a price (declared with {@code offer})
 */
public record Offer(String program, String description, List<String> categories, int priority, boolean priceOffer) {
    /** Copies the categories. */
    public Offer {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(description, "description");
        categories = List.copyOf(categories);
    }
}
