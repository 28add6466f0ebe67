package io.relevans.definition;

import io.relevans.customer.Category;
import java.util.Objects;

/**
 * Never promote a category to customers for whom a condition holds: party dresses to customers
 * registered as men (S18), balcony furniture to customers known to have no balcony (S16). Applies to
 * every program and channel.
 *
 * @param category the category
 * @param when     the customers the category is not for
 */
public record CategoryExclusion(Category category, Condition when) {
    /** Never null. */
    public CategoryExclusion {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(when, "condition");
    }

    /** The exclusion as text. */
    public String describe() {
        return "never promote " + category + " when " + when.describe();
    }
}
