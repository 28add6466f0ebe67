package io.relevans.definition;

import io.relevans.customer.Value;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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

    /**
     * Whether an event (and one of its lines, or null) passes: the value is looked up as
     * {@link PropertyFilter} documents; a missing value never passes; text compares by equality only.
     */
    public boolean test(io.relevans.event.Event event, io.relevans.event.@Nullable Line line) {
        return passes(valueOf(event, line, property));
    }

    /** Whether a value seen passes the filter; a missing (null) value never does. */
    public boolean passes(@Nullable Value seen) {
        if (seen == null) {
            return false;
        }
        if (operand instanceof Value.Text || seen instanceof Value.Text) {
            boolean same = operand instanceof Value.Text && seen instanceof Value.Text
                    && operand.asText().equals(seen.asText());
            return switch (operator) {
                case EQ -> same;
                case NE -> !same;
                default -> false;
            };
        }
        return operator.test(seen.asNumber(), operand.asNumber());
    }

    /**
     * The value of a property of an event, or of one of its lines ({@code line.*}), or null when
     * absent. {@code total} and {@code origin} are derived and win over event properties of those names.
     */
    public static @Nullable Value valueOf(io.relevans.event.Event event, io.relevans.event.@Nullable Line line, String property) {
        if (property.startsWith("line.")) {
            if (line == null) {
                return null;
            }
            return switch (property) {
                case "line.sku" -> Value.of(line.sku());
                case "line.category" -> Value.of(line.category().name());
                case "line.price" -> Value.of(line.price());
                case "line.quantity" -> Value.of(line.quantity());
                case "line.amount" -> Value.of(line.amount());
                default -> null;
            };
        }
        return switch (property) {
            case "total" -> event.type().hasLines() ? Value.of(event.total()) : event.properties().get(property);
            case "origin" -> Value.of(event.origin().jsonName());
            default -> event.properties().get(property);
        };
    }

    /** The filter as text, such as {@code line.category == "tv"}. */
    public String describe() {
        return property + " " + operator.symbol() + " " + Conditions.literal(operand);
    }
}
