package io.relevans.internal.feature;

import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.Line;

/**
 * One value source of a feature: an event, or one line of it. Looks up properties by the names
 * {@link io.relevans.definition.PropertyFilter} documents.
 */
final class Row {
    private final Event event;
    private final Line line;

    Row(Event event, Line line) {
        this.event = event;
        this.line = line;
    }

    /** Where the event came from. */
    io.relevans.event.Origin origin() {
        return event.origin();
    }

    /** The property's value, or null when this row lacks it. */
    Value get(String property) {
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
            // the derived properties win over an event property of the same name
            case "total" -> event.type().hasLines() ? Value.of(event.total()) : event.properties().get(property);
            case "origin" -> Value.of(event.origin().jsonName());
            default -> event.properties().get(property);
        };
    }
}
