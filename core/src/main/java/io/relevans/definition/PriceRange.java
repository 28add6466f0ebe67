package io.relevans.definition;

import io.relevans.customer.Category;
import java.util.Objects;

/**
 * The span of prices in a category of the catalogue, from the cheapest to the dearest product, used
 * to place what a customer paid in a price tier (S19).
 *
 * @param category the category
 * @param min      the lowest price, zero or more
 * @param max      the highest price, above min
 */
public record PriceRange(Category category, double min, double max) {
    /** @throws IllegalArgumentException when the range is empty or not finite */
    public PriceRange {
        Objects.requireNonNull(category, "category");
        if (!Double.isFinite(min) || !Double.isFinite(max) || min < 0 || max <= min) {
            throw new IllegalArgumentException("price range of " + category + " must have 0 <= min < max, got "
                    + min + ".." + max);
        }
    }

    /** Where a price sits in the range, from 0 (min or below) to 1 (max or above). */
    public double share(double price) {
        return Math.max(0, Math.min(1, (price - min) / (max - min)));
    }
}
