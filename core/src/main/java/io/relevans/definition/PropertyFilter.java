package io.relevans.definition;

import io.relevans.customer.Value;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A condition on the properties of the events a feature counts, such as {@code line.category == "tv"}
 * or {@code rating <= 2}. Property names are an event property ({@code rating}, {@code store}), a
 * line property ({@code line.sku}, {@code line.category}, {@code line.price}, {@code line.quantity},
 * {@code line.amount} = price x quantity), {@code total} (the sum of the line amounts) or
 * {@code origin} ({@code web}, {@code app}, {@code store}, {@code service}). An event or line without
 * the property does not pass. Text compares by equality only.
 *
 * @param property the property name
 * @param operator the comparison
 * @param operand  the value to compare with
 */
public record PropertyFilter(String property, Operator operator, Value operand) {

    private static final Pattern NAME = Pattern.compile("(line\\.)?[a-z][a-z0-9_]{0,63}");

    /** @throws IllegalArgumentException when the property name is invalid or text is ordered */
    public PropertyFilter {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(operand, "operand");
        if (!NAME.matcher(property).matches()) {
            throw new IllegalArgumentException("invalid event property '" + property
                    + "': use a property name such as rating, or a line property such as line.category");
        }
        if (property.startsWith("line.") && !Features.LINE_PROPERTIES.contains(property)) {
            throw new IllegalArgumentException("unknown line property '" + property + "'; lines have "
                    + Features.LINE_PROPERTIES);
        }
        if (operator.isOrdering() && operand instanceof Value.Text) {
            throw new IllegalArgumentException("cannot order text: " + property + " " + operator.symbol() + " \""
                    + operand.asText() + "\"; text compares with == or != only");
        }
    }

    /** Whether the filter looks at line properties (and so the feature counts lines, not events). */
    public boolean isLineFilter() {
        return property.startsWith("line.");
    }

    /** The filter as text, such as {@code line.category == "tv"}. */
    public String describe() {
        return property + " " + operator.symbol() + " " + Conditions.literal(operand);
    }
}
