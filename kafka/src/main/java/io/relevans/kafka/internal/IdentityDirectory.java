package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.internal.json.StoredJson;
import io.relevans.json.EventJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity directory, one partition of it: which customer each of its identities leads to. An
 * event walks the partitions of its identities (the one it names, then its links), gathering the
 * customers they lead to; at the last one the smallest of them survives (a new customer's id derives
 * from the identity the event names, as in the embedded engine: no coordination needed), the walked
 * identities are assigned to it, and the event goes on to that customer with the others to merge in.
 *
 * <p>Events named by one identity start their walks in the order they arrived: while the walk of an
 * event that links other identities is under way, later events named by the same identity wait at its
 * partition, and go once the walk has ended (and assigned the identity). So a customer's events reach
 * the customer in the order they were written, as long as they name the same identity.
 */
final class IdentityDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityDirectory.class);

    /** The held store's prefix of events still on their way from here: walking, or waiting for a walk. */
    static final String WAITING = "waiting" + Keys.SEP;
    /** The held store's prefix of the event whose walk an identity waits for. */
    private static final String WALKING = "walking" + Keys.SEP;

    private final KeyValueStore<String, String> directory;
    private final KeyValueStore<String, String> walks;
    private final @Nullable KeyValueStore<String, String> held;
    private final ProcessorContext<String, String> context;

    /**
     * @param held where the events still on their way from this partition are noted (on stream time: a tick
     *             must not pass them), or null when none are
     */
    IdentityDirectory(KeyValueStore<String, String> directory, KeyValueStore<String, String> walks,
                      @Nullable KeyValueStore<String, String> held, ProcessorContext<String, String> context) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.walks = Objects.requireNonNull(walks, "walks");
        this.held = held;
        this.context = Objects.requireNonNull(context, "context");
    }

    private static String waitingKey(Event e) {
        return WAITING + Keys.moment(e.time()) + Keys.SEP + e.id();
    }

    private void onItsWay(Event e) {
        if (held != null) {
            held.put(waitingKey(e), "");
        }
    }

    private void arrived(Event e) {
        if (held != null) {
            held.delete(waitingKey(e));
        }
    }

    /** The earliest moment of an event still on its way from this partition, if any. */
    Optional<java.time.Instant> earliestOnItsWay() {
        if (held == null) {
            return Optional.empty();
        }
        try (KeyValueIterator<String, String> it = held.prefixScan(WAITING, Keys.SERIALIZER)) {
            if (!it.hasNext()) {
                return Optional.empty();
            }
            return Optional.of(Keys.instant(it.next().key.substring(WAITING.length(), WAITING.length() + 20)));
        }
    }

    /**
     * Starts an event's walk here when this partition has the identity it names (after the walks of
     * earlier events named by it), else sends it there.
     */
    void start(Event event, String key) {
        String entry = CommandJson.key(event.customer());
        if (!entry.equals(key)) {
            send(Nodes.TO_IDENTITIES, entry, new Command.Resolve(event, walk(event), List.of()), event);
            return;
        }
        String waiting = walks.get(entry);
        if (waiting != null) {
            List<String> queue = new ArrayList<>(StoredJson.texts(StoredJson.read(waiting)));
            queue.add(EventJson.write(event));
            walks.put(entry, StoredJson.write(StoredJson.texts(queue)));
            onItsWay(event);
            return;
        }
        List<Identity> walk = walk(event);
        if (walk.size() > 1) {
            walks.put(entry, "[]"); // under way: later events named by it wait
            if (held != null) {
                held.put(WALKING + entry, waitingKey(event)); // what to clear when the walk ends
            }
            onItsWay(event);
        }
        resolve(new Command.Resolve(event, walk, List.of()));
    }

    private static List<Identity> walk(Event event) {
        LinkedHashSet<Identity> walk = new LinkedHashSet<>();
        walk.add(event.customer());
        walk.addAll(event.links());
        return new ArrayList<>(walk);
    }

    /** The walk of an event named by the identity ended: the events that waited for it start theirs. */
    void walked(Command.Walked w) {
        String entry = CommandJson.key(w.entry());
        String waiting = walks.get(entry);
        if (waiting == null) {
            LOG.warn("a walk ended that this partition did not see start: ignored");
            return;
        }
        walks.delete(entry);
        if (held != null) {
            String walking = held.delete(WALKING + entry);
            if (walking != null) {
                held.delete(walking);
            }
        }
        for (String queued : StoredJson.texts(StoredJson.read(waiting))) {
            Event next = EventJson.read(queued);
            arrived(next);
            start(next, entry); // one may start a walk: the rest wait for it again
        }
    }

    /** One step of a walk: this partition's identity. */
    void resolve(Command.Resolve r) {
        Identity here = r.next();
        List<Optional<CustomerId>> found = new ArrayList<>(r.found());
        found.add(lookup(here));
        if (found.size() < r.walk().size()) {
            Command.Resolve on = new Command.Resolve(r.event(), r.walk(), found);
            send(Nodes.TO_IDENTITIES, CommandJson.key(on.next()), on, r.event());
            return;
        }
        TreeSet<CustomerId> known = new TreeSet<>();
        found.forEach(f -> f.ifPresent(known::add));
        CustomerId survivor = known.isEmpty() ? CustomerId.derivedFrom(r.walk().get(0)) : known.first();
        for (int j = 0; j < found.size(); j++) {
            if (found.get(j).filter(survivor::equals).isPresent()) {
                continue;
            }
            Identity identity = r.walk().get(j);
            if (identity.equals(here)) {
                directory.put(CommandJson.key(here), survivor.value());
            } else {
                send(Nodes.TO_IDENTITIES, CommandJson.key(identity), new Command.Assign(identity, survivor,
                        found.get(j)), r.event());
            }
        }
        known.remove(survivor);
        send(Nodes.TO_CUSTOMERS, survivor.value(), new Command.Apply(r.event(), known, true), r.event());
        // the others are asked to hand over from here, at the event's moment: their partitions get the request
        // before any tick after it (the walk's entry holds its ticks until the walk has ended), so none of their
        // timers fires after the moment they merge at, as on the embedded engine
        known.forEach(other -> send(Nodes.TO_CUSTOMERS, other.value(), new Command.Handover(survivor), r.event()));
        if (r.walk().size() > 1) {
            Identity entry = r.walk().get(0);
            send(Nodes.TO_IDENTITIES, CommandJson.key(entry), new Command.Walked(entry), r.event());
        }
    }

    /** An identity a walk that ended elsewhere gave to a customer. */
    void assign(Command.Assign a) {
        Optional<CustomerId> now = lookup(a.identity());
        if (now.equals(a.seen()) || now.isEmpty()) {
            directory.put(CommandJson.key(a.identity()), a.customer().value());
        } else if (!now.get().equals(a.customer())) {
            // two walks passed the identity at once and both customers took it: the directory keeps the
            // smaller; the other keeps it in its record until an event links the two (kafka/README.md)
            CustomerId keep = now.get().compareTo(a.customer()) <= 0 ? now.get() : a.customer();
            LOG.warn("identity claimed by customers {} and {} at once: {} keeps it", now.get(), a.customer(), keep);
            directory.put(CommandJson.key(a.identity()), keep.value());
        }
    }

    private Optional<CustomerId> lookup(Identity identity) {
        String id = directory.get(CommandJson.key(identity));
        return id == null ? Optional.empty() : Optional.of(CustomerId.of(id));
    }

    private void send(String sink, String key, Command command, Event event) {
        context.forward(new Record<>(key, CommandJson.write(command), event.time().toEpochMilli()), sink);
    }
}
