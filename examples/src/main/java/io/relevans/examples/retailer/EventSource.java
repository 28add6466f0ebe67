package io.relevans.examples.retailer;

import io.relevans.event.Event;
import java.time.Instant;

/** Events in time order, taken one at a time up to a moment: the simulation's agenda or a history file. */
interface EventSource {

    /** Whether an event is due before the moment. */
    boolean hasBefore(Instant moment);

    /** Takes the next event. */
    Event next();
}
