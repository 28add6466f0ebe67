package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity directory, one partition of it: which customer each of its identities leads to. An
 * event walks the partitions of its identities (the one it names, then its links), gathering the
 * customers they lead to; at the last one the smallest of them survives (a new customer's id derives
 * from the identity the event names, as in the embedded engine: no coordination needed), the walked
 * identities are assigned to it, and the event goes on to that customer with the others to merge in.
 */
final class IdentityDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityDirectory.class);

    private final KeyValueStore<String, String> directory;
    private final ProcessorContext<String, String> context;

    IdentityDirectory(KeyValueStore<String, String> directory, ProcessorContext<String, String> context) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Starts an event's walk, here when this partition has the identity it names, else there. */
    void start(Event event, String key) {
        LinkedHashSet<Identity> walk = new LinkedHashSet<>();
        walk.add(event.customer());
        walk.addAll(event.links());
        Command.Resolve first = new Command.Resolve(event, new ArrayList<>(walk), List.of());
        if (CommandJson.key(event.customer()).equals(key)) {
            resolve(first);
        } else {
            send(Nodes.TO_IDENTITIES, CommandJson.key(event.customer()), first, event);
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
        send(Nodes.TO_CUSTOMERS, survivor.value(), new Command.Apply(r.event(), known), r.event());
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
