package io.relevans.internal.program;

import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/** A customer's run through one program while the engine works on it; stored as a RESUME timer between steps. */
final class Journey {
    final CustomerId customer;
    final String program;
    final Instant started;
    final Event trigger;
    final boolean control;
    String variant;
    final SortedSet<Integer> since;

    Journey(CustomerId customer, String program, Instant started, Event trigger, boolean control, String variant,
            SortedSet<Integer> since) {
        this.customer = customer;
        this.program = program;
        this.started = started;
        this.trigger = trigger;
        this.control = control;
        this.variant = variant;
        this.since = new TreeSet<>(since);
    }

    static Journey of(Timer t) {
        return new Journey(t.customer(), t.program(), t.started(), t.trigger(), t.control(), t.variant(), t.since());
    }

    Timer waitAt(String step, Instant due) {
        return new Timer(customer, program, Timer.Kind.RESUME, due, step, started, variant, control, trigger, since);
    }
}
