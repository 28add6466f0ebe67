package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.spi.CustomerState;
import io.relevans.spi.Message;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one partition of the runtime asks of another: the identity directory's walk over an event's
 * identities and its assignments (keyed by identity), and the work on customers (keyed by customer id).
 */
public sealed interface Command {

    /**
     * An event walking the directory partitions of its identities, gathering the customers they lead to.
     *
     * @param event the event
     * @param walk  its identities (the one it names and its links, each once) in the order of their keys; none for
     *              a walk not begun yet (an event on its way to the partition of the identity it names)
     * @param found for the identities walked so far, the customer each led to (empty for an unknown one)
     */
    record Resolve(Event event, List<Identity> walk, List<Optional<CustomerId>> found) implements Command {
        /** Copies the lists. */
        public Resolve {
            Objects.requireNonNull(event, "event");
            walk = List.copyOf(walk);
            found = List.copyOf(found);
        }

        /** The identity walked next. */
        Identity next() {
            return walk.get(found.size());
        }
    }

    /**
     * An identity given to a customer by a walk.
     *
     * @param identity the identity
     * @param customer the customer it leads to from now on
     * @param seen     what it led to when the walk passed it
     */
    record Assign(Identity identity, CustomerId customer, Optional<CustomerId> seen) implements Command {
    }

    /**
     * A walk that started at an identity's partition has ended: the events named by that identity that
     * arrived meanwhile may start theirs.
     *
     * @param entry the identity the walk's event named
     */
    record Walked(Identity entry) implements Command {
    }

    /**
     * An event resolved to its customer, to apply once the other customers its identities led to are
     * handed over (a merge: the smallest id survives).
     *
     * @param event  the event
     * @param absorb the other customers to merge into this one first
     * @param asked  whether they were asked to hand over already (by the directory, at the event's moment);
     *               else the survivor asks them
     */
    record Apply(Event event, SortedSet<CustomerId> absorb, boolean asked) implements Command {
        /** Copies the set. */
        public Apply {
            Objects.requireNonNull(event, "event");
            absorb = new TreeSet<>(absorb);
        }

        /** An event whose other customers the survivor asks to hand over. */
        public Apply(Event event, SortedSet<CustomerId> absorb) {
            this(event, absorb, false);
        }
    }

    /**
     * A survivor of a merge asks a customer for everything it has.
     *
     * @param to the survivor
     */
    record Handover(CustomerId to) implements Command {
    }

    /**
     * A customer's answer to a {@link Handover}: its state (none when it never was or was erased), or
     * where it went when an earlier merge took it.
     *
     * @param from        the customer asked
     * @param states      its record, timers and messages, and those of customers it had absorbed meanwhile
     * @param forwardedTo the customer it was merged into before, if it was
     */
    record Absorbed(CustomerId from, List<CustomerState> states, Optional<CustomerId> forwardedTo) implements Command {
        /** Copies the list. */
        public Absorbed {
            states = List.copyOf(states);
        }
    }

    /**
     * Time has passed to a moment on one partition of the events topic (stream time only): once every
     * partition has passed a moment, no event before it is still on its way, and timers due by then fire.
     *
     * @param at      the moment
     * @param source  the events partition it passed on
     * @param sources how many partitions the events topic has
     */
    record Tick(java.time.Instant at, int source, int sources) implements Command {
    }

    /**
     * A scheduled program's start at one of its moments, for a customer the partition's pass came to while it was
     * in the middle of a merge: queued with the customer's other commands until the merge ends, or sent on to the
     * survivor, and started then (once per customer and moment, as the pass starts it).
     *
     * @param program the scheduled program's name
     * @param moment  the moment of its schedule
     * @param at      the partition's time when its pass came to the customer: the start's time
     */
    record Start(String program, java.time.Instant moment, java.time.Instant at) implements Command {
        /** Never null parts. */
        public Start {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(moment, "moment");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A delivery attempt a dispatcher made of a message: its status, reason, attempts and next attempt.
     *
     * @param attempt the message as the attempt left it
     */
    record Outcome(Message attempt) implements Command {
    }
}
