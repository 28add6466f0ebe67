package io.relevans.internal.feature;

import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.Line;
import org.jspecify.annotations.Nullable;

/**
 * One value source of a feature: an event, or one line of it. Looks up properties by the names
 * {@link io.relevans.definition.PropertyFilter} documents.
 */
final class Row {
    private final Event event;
    private final @Nullable Line line;

    Row(Event event, @Nullable Line line) {
        this.event = event;
        this.line = line;
    }

    /** Where the event came from. */
    io.relevans.event.Origin origin() {
        return event.origin();
    }

    /** The property's value, or null when this row lacks it. */
    @Nullable Value get(String property) {
        return io.relevans.definition.PropertyFilter.valueOf(event, line, property);
    }
}
