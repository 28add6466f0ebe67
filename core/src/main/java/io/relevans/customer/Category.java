package io.relevans.customer;

/**
 * A product category of the retailer's catalogue, such as {@code tv}, {@code washing_machines} or
 * {@code party_dresses}. Names are lower case.
 *
 * @param name the category name, 1..64 lower-case letters, digits, '_' or '-'
 */
public record Category(String name) implements Comparable<Category> {

    /** @throws IllegalArgumentException when the name is not valid */
    public Category {
        name = Names.check("category", name);
    }

    /** The category with the given name. */
    public static Category of(String name) {
        return new Category(name);
    }

    @Override
    public int compareTo(Category other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
