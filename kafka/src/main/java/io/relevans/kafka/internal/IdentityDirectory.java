package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.internal.json.StoredJson;
import io.relevans.json.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
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
 * event walks the partitions of its identities (the one it names and its links, in the order of their keys),
 * gathering the customers they lead to and claiming each identity it passes; at the last one the smallest of
 * them survives (a new customer's id derives from the identity the event names, as in the embedded engine: no
 * coordination needed), the walked identities are assigned to it (ending the claims), and the event goes on to
 * that customer with the others to merge in.
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
    /** The walks store's prefix of an identity claimed by a walk under way: the walk's event id. */
    private static final String CLAIM = "claim" + Keys.SEP;
    /** The walks store's prefix of the walk steps waiting for an identity's claim to end. */
    private static final String CLAIMED = "claimed" + Keys.SEP;

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
        if (!entry.equals(key)) { // a walk not begun yet: it begins at the identity the event names
            send(Nodes.TO_IDENTITIES, entry, new Command.Resolve(event, List.of(), List.of()), event);
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
        Command.Resolve first = new Command.Resolve(event, walk, List.of());
        if (first.next().equals(event.customer())) { // the walk begins here, else at its first identity's partition
            resolve(first);
        } else {
            send(Nodes.TO_IDENTITIES, CommandJson.key(first.next()), first, event);
        }
    }

    /** The identities an event's walk visits, in the order of their keys: the one it names and its links, each once. */
    static List<Identity> walk(Event event) {
        TreeMap<String, Identity> walk = new TreeMap<>();
        walk.put(CommandJson.key(event.customer()), event.customer());
        event.links().forEach(l -> walk.put(CommandJson.key(l), l));
        return new ArrayList<>(walk.values());
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

    /**
     * One step of a walk: this partition's identity. A walk of several identities claims each it passes
     * until its end assigns it: another walk (or an event named by it alone) that comes to a claimed identity
     * waits there for that assignment, so that it sees what the first walk gave the identity, as the embedded
     * engine, applying one event after the other, would. Walks visit their identities in the order of their
     * keys and claim them in that order, so no two walks wait for each other.
     */
    void resolve(Command.Resolve r) {
        if (r.walk().isEmpty()) { // an event routed here, to the identity it names: its walk begins
            start(r.event(), CommandJson.key(r.event().customer()));
            return;
        }
        Identity here = r.next();
        String key = CommandJson.key(here);
        String claim = walks.get(CLAIM + key);
        if (claim != null && !claim.equals(r.event().id())) {
            List<String> queue = new ArrayList<>(queued(key));
            queue.add(CommandJson.write(r));
            walks.put(CLAIMED + key, StoredJson.write(StoredJson.texts(queue)));
            if (r.walk().size() == 1) {
                onItsWay(r.event()); // a tick from here waits for it (a walk of several: its entry's ticks wait)
            }
            return;
        }
        List<Optional<CustomerId>> found = new ArrayList<>(r.found());
        found.add(lookup(here));
        if (found.size() < r.walk().size()) {
            walks.put(CLAIM + key, r.event().id()); // until the walk's end assigns it
            Command.Resolve on = new Command.Resolve(r.event(), r.walk(), found);
            send(Nodes.TO_IDENTITIES, CommandJson.key(on.next()), on, r.event());
            return;
        }
        TreeSet<CustomerId> known = new TreeSet<>();
        found.forEach(f -> f.ifPresent(known::add));
        CustomerId survivor = known.isEmpty() ? CustomerId.derivedFrom(r.event().customer()) : known.first();
        for (int j = 0; j < found.size(); j++) {
            Identity identity = r.walk().get(j);
            if (identity.equals(here)) {
                if (found.get(j).filter(survivor::equals).isEmpty()) {
                    directory.put(key, survivor.value());
                }
            } else { // also where it already led to the survivor: the assignment ends the walk's claim there
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
            Identity entry = r.event().customer();
            send(Nodes.TO_IDENTITIES, CommandJson.key(entry), new Command.Walked(entry), r.event());
        }
    }

    /** The walk steps waiting for the identity's claim, in the order they came. */
    private List<String> queued(String key) {
        String queued = walks.get(CLAIMED + key);
        return queued == null ? List.of() : StoredJson.texts(StoredJson.read(queued));
    }

    /** An identity a walk that ended elsewhere gave to a customer: the walk's claim on it ends. */
    void assign(Command.Assign a) {
        Optional<CustomerId> now = lookup(a.identity());
        if (now.equals(a.seen()) || now.isEmpty()) {
            directory.put(CommandJson.key(a.identity()), a.customer().value());
        } else if (!now.get().equals(a.customer())) {
            // it changed while claimed: only a walk that began before claims (an older version) can have done it;
            // the directory keeps the smaller, the other customer keeps it in its record (kafka/README.md)
            CustomerId keep = now.get().compareTo(a.customer()) <= 0 ? now.get() : a.customer();
            LOG.warn("identity claimed by customers {} and {} at once: {} keeps it", now.get(), a.customer(), keep);
            directory.put(CommandJson.key(a.identity()), keep.value());
        }
        release(CommandJson.key(a.identity()));
    }

    /** Ends the claim on the identity: the steps that waited for it go on, in order, until one claims it again. */
    private void release(String key) {
        walks.delete(CLAIM + key);
        List<String> queue = queued(key);
        if (queue.isEmpty()) {
            return;
        }
        walks.delete(CLAIMED + key);
        for (int i = 0; i < queue.size(); i++) {
            Command.Resolve next = (Command.Resolve) CommandJson.read(queue.get(i));
            if (next.walk().size() == 1) {
                arrived(next.event());
            }
            resolve(next);
            if (walks.get(CLAIM + key) != null && i + 1 < queue.size()) { // claimed again: the rest wait for it
                walks.put(CLAIMED + key, StoredJson.write(StoredJson.texts(queue.subList(i + 1, queue.size()))));
                return;
            }
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
