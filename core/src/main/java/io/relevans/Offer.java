package io.relevans;

import java.util.List;
import java.util.Objects;

/**
 * Something relevant for a customer now (S22), for store staff and web pages: an eligible program that
 * promotes categories, after every relevance guard (declared disinterest, category exclusions, no better
 * offer right after a purchase).
 *
 * @param program     the program
 * @param description what the program offers
 * @param categories  the categories it promotes
 * @param priority    its priority; offers come best first
 */
public record Offer(String program, String description, List<String> categories, int priority) {
    /** Copies the categories. */
    public Offer {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(description, "description");
        categories = List.copyOf(categories);
    }
}
