package io.relevans.event;

import io.relevans.customer.Category;
import java.util.Objects;

/**
 * One line of a purchase or a cart: a product, its category, the unit price paid and the quantity.
 *
 * @param sku      the product's stock keeping unit
 * @param category the product's category
 * @param price    the unit price paid, zero or more
 * @param quantity how many, at least 1
 */
public record Line(String sku, Category category, double price, int quantity) {

    /** The most items one line may count. */
    public static final int MAX_QUANTITY = 1_000_000;

    /** @throws EventFormatException naming the field when a part is out of range */
    public Line {
        if (sku == null || sku.isBlank() || sku.length() > 128) {
            throw new EventFormatException("sku", "must be 1..128 characters");
        }
        Objects.requireNonNull(category, "category");
        if (!Double.isFinite(price) || price < 0) {
            throw new EventFormatException("price", "must be a finite number of at least 0, got " + price);
        }
        price = price == 0.0 ? 0.0 : price; // one zero: -0.0 and 0.0 are the same price
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new EventFormatException("quantity", "must be from 1 to 1,000,000, got " + quantity);
        }
    }

    /** Shorthand for a line with the category given by name. */
    public static Line of(String sku, String category, double price, int quantity) {
        return new Line(sku, Category.of(category), price, quantity);
    }

    /** Price times quantity. */
    public double amount() {
        return price * quantity;
    }
}
