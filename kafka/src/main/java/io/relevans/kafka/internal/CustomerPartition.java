package io.relevans.kafka.internal;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.internal.runtime.StoreRuntime;
import io.relevans.internal.step.StepOutcome;
import io.relevans.json.EventJson;
import io.relevans.spi.CustomerState;
import io.relevans.spi.Message;
import io.relevans.spi.Storage;
import io.relevans.spi.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customers of one partition: the engine's step on each command for them, through the embedded
 * runtime ({@link StoreRuntime}) over the partition's state stores, with one writer (the partition's
 * stream thread) and so no contention. Around it, merges across partitions: a customer that must
 * absorb others waits for each to hand over its state (asked by the directory, or by the customer when a
 * merge moves to it), queues whatever else arrives for it meanwhile, puts
 * the states handed over into its partition and then applies the event, whose step merges them exactly
 * as the embedded engine does. A customer handed over leaves a forward behind: late commands for it go
 * to the survivor.
 */
final class CustomerPartition {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerPartition.class);
    /** How many due timers are read at a time. */
    static final int BATCH = 1_000;

    private final ProcessorContext<String, String> context;
    private final StoreRuntime runtime;
    private final Storage storage;
    private final PartitionCustomers customers;
    private final PartitionTimers timers;
    private final PartitionOutbox outbox;
    private final KeyValueStore<String, String> forwards;
    private final KeyValueStore<String, String> pending;
    private final KeyValueStore<String, String> watermarks;
    private final PartitionClock clock;
    private final boolean streamTime;
    private final java.util.function.Consumer<Message> released;

    CustomerPartition(ProcessorContext<String, String> context, StoreRuntime runtime, PartitionCustomers customers,
                      PartitionTimers timers, PartitionOutbox outbox, KeyValueStore<String, String> forwards,
                      KeyValueStore<String, String> pending, KeyValueStore<String, String> watermarks,
                      PartitionClock clock, boolean streamTime, java.util.function.Consumer<Message> released) {
        this.context = Objects.requireNonNull(context, "context");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.storage = runtime.storage();
        this.customers = customers;
        this.timers = timers;
        this.outbox = outbox;
        this.forwards = forwards;
        this.pending = pending;
        this.watermarks = watermarks;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.streamTime = streamTime;
        this.released = Objects.requireNonNull(released, "released");
    }

    /** Works on a command for the customer. */
    void process(CustomerId customer, Command command) {
        process(customer, command, true);
    }

    /**
     * Works on a command for the customer.
     *
     * @param catchUp whether an event applied after ticks had passed its moment fires the timers it set at those
     *                ticks now; not while a merge's queue is replayed, which fires them between its commands
     */
    private void process(CustomerId customer, Command command, boolean catchUp) {
        String forward = forwards.get(customer.value());
        if (forward != null) {
            away(customer, CustomerId.of(forward), command);
            return;
        }
        String waiting = pending.get(customer.value());
        if (waiting != null) {
            whileMerging(customer, Pending.read(waiting), command);
            return;
        }
        if (command instanceof Command.Apply a) {
            TreeSet<CustomerId> absorb = new TreeSet<>(a.absorb());
            absorb.remove(customer);
            if (absorb.isEmpty()) {
                Optional<CustomerId> worked = apply(a.event());
                if (streamTime && catchUp && worked.isPresent()) {
                    // an event that came after ticks had passed its moment (it waited at the directory behind
                    // a walk): the timers it set that came due meanwhile fire at those ticks
                    catchUp(worked.get(), ticksAfter(a.event().time().toEpochMilli()), 0, Long.MAX_VALUE);
                }
            } else {
                pending.put(customer.value(), Pending.waitingFor(a.event(), absorb).write());
                if (!a.asked()) {
                    absorb.forEach(other -> send(other, new Command.Handover(customer), a.event().time().toEpochMilli()));
                }
            }
        } else if (command instanceof Command.Handover h) {
            handOver(customer, h.to(), List.of());
        } else if (command instanceof Command.Absorbed a) {
            LOG.warn("customer {} got the state of {}, which it did not ask for: kept", customer, a.from());
            restore(a.states());
        } else if (command instanceof Command.Start s) {
            start(runtime, customer, s).filter(o -> !o.changes().isEmpty()).ifPresent(this::segmentChanges);
        } else if (command instanceof Command.Outcome o) {
            storage.outbox().recordAttempt(o.attempt().forCustomer(customer));
        } else {
            throw new IllegalArgumentException("a " + command.getClass().getSimpleName()
                    + " command is for the identity directory, not for customers");
        }
    }

    /** A command for a customer merged into another: it goes on to the survivor. */
    private void away(CustomerId customer, CustomerId survivor, Command command) {
        long at = clock.millis();
        if (command instanceof Command.Handover h) {
            send(h.to(), new Command.Absorbed(customer, List.of(), Optional.of(survivor)), at);
        } else {
            send(survivor, command, at);
        }
    }

    private void whileMerging(CustomerId customer, Pending p, Command command) {
        if (command instanceof Command.Absorbed a && p.awaiting().contains(a.from())) {
            absorbed(customer, p, a);
        } else if (command instanceof Command.Handover h && p.movingTo().filter(h.to()::equals).isPresent()) {
            pending.delete(customer.value());
            handOver(customer, h.to(), p.held());
            p.queue().forEach(c -> process(customer, CommandJson.read(c))); // forwarded now: on to the survivor
        } else if (command instanceof Command.Absorbed a && p.movingTo().isPresent()) {
            send(p.movingTo().get(), a, clock.millis()); // a late answer: the survivor takes it
        } else {
            p.queue().add(CommandJson.write(command));
            pending.put(customer.value(), p.write());
        }
    }

    private void absorbed(CustomerId customer, Pending p, Command.Absorbed a) {
        p.awaiting().remove(a.from());
        p.merged().add(a.from());
        p.held().addAll(a.states());
        Optional<CustomerId> went = a.forwardedTo().filter(f -> !f.equals(customer) && !p.merged().contains(f)
                && !p.awaiting().contains(f));
        long at = p.event().map(e -> e.time().toEpochMilli()).orElse(clock.millis());
        if (went.isPresent() && went.get().compareTo(customer) > 0) {
            p.awaiting().add(went.get()); // merged into a larger one meanwhile: that one hands over too
            send(went.get(), new Command.Handover(customer), at);
        } else if (went.isPresent()) {
            // merged into a smaller one meanwhile: that one survives; this one hands it everything, event first
            TreeSet<CustomerId> absorb = new TreeSet<>(p.awaiting());
            absorb.add(customer);
            send(went.get(), new Command.Apply(p.event().orElseThrow(), absorb), at);
            pending.put(customer.value(), new Pending(Optional.empty(), new TreeSet<>(), p.merged(), p.held(), p.queue(),
                    went).write());
            return;
        }
        if (!p.awaiting().isEmpty()) {
            pending.put(customer.value(), p.write());
            return;
        }
        pending.delete(customer.value());
        restore(p.held());
        Event event = p.event().orElseThrow();
        apply(event);
        // the ticks that passed while it merged: its timers fire at each, in order with what it queued
        List<Long> missed = streamTime ? ticksAfter(event.time().toEpochMilli()) : List.of();
        int next = 0;
        for (String queued : p.queue()) {
            Command c = CommandJson.read(queued);
            if (c instanceof Command.Apply later) {
                next = catchUp(customer, missed, next, later.event().time().toEpochMilli());
                if (streamTime) { // and those due by its own moment, as before an event that did not wait
                    clock.set(later.event().time().toEpochMilli());
                    dueOf(customer, later.event().time());
                }
            } else if (c instanceof Command.Start s) {
                // a tick starts scheduled programs before it fires the timers due then
                next = catchUp(customer, missed, next, s.at().toEpochMilli() - 1);
                if (streamTime) {
                    clock.set(s.at().toEpochMilli());
                }
            }
            process(customer, c, false); // its timers fire at the ticks between this and the next, as above
        }
        catchUp(customer, missed, next, Long.MAX_VALUE);
    }

    /** Fires the customer's timers at the missed ticks up to the moment; the index of the next tick. */
    private int catchUp(CustomerId customer, List<Long> missed, int from, long until) {
        int k = from;
        for (; k < missed.size() && missed.get(k) <= until; k++) {
            clock.set(missed.get(k));
            dueOf(customer, java.time.Instant.ofEpochMilli(missed.get(k)));
        }
        return k;
    }

    /** How many tick moments the partition remembers for customers that merge meanwhile. */
    static final int TICKS_KEPT = 4_096;
    /** The watermarks' prefix of the tick moments timers fired at, one entry each. */
    private static final String TICK = "tick" + Keys.SEP;
    /** The watermarks' entry of how many tick moments are remembered. */
    private static final String TICK_COUNT = "tick-count";

    /** The tick moments timers fired at after the moment, oldest first. */
    private List<Long> ticksAfter(long moment) {
        List<Long> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = watermarks.range(
                TICK + Keys.moment(java.time.Instant.ofEpochMilli(moment)) + Keys.SEP, Keys.after(TICK))) {
            it.forEachRemaining(kv -> out.add(Long.parseLong(kv.value)));
        }
        return out;
    }

    /** Remembers a tick moment; the oldest goes when more than {@link #TICKS_KEPT} are kept. */
    private void remember(long tick) {
        watermarks.put(TICK + Keys.moment(java.time.Instant.ofEpochMilli(tick)), Long.toString(tick));
        String count = watermarks.get(TICK_COUNT);
        long kept = (count == null ? 0 : Long.parseLong(count)) + 1;
        if (kept > TICKS_KEPT) {
            try (KeyValueIterator<String, String> it = watermarks.prefixScan(TICK, Keys.SERIALIZER)) {
                watermarks.delete(it.next().key);
            }
            kept--;
        }
        watermarks.put(TICK_COUNT, Long.toString(kept));
    }

    /** Hands everything the customer has (and the states it holds for a merge) to the survivor. */
    private void handOver(CustomerId customer, CustomerId survivor, List<CustomerState> held) {
        List<CustomerState> states = new ArrayList<>(held);
        storage.read(customer).ifPresent(states::add);
        customers.erase(customer);
        timers.eraseCustomer(customer);
        outbox.eraseCustomer(customer);
        forwards.put(customer.value(), survivor.value());
        send(survivor, new Command.Absorbed(customer, states, Optional.empty()), clock.millis());
        LOG.debug("customer {} handed over to {}", customer, survivor);
    }

    /** Puts states handed over into this partition, as they were. */
    private void restore(List<CustomerState> states) {
        for (CustomerState s : states) {
            customers.save(s.stored().record());
            s.timers().forEach(timers::schedule);
            s.messages().forEach(outbox::restore);
        }
    }

    /** Applies an event through the step; segment changes go out, an event refused goes to the refused topic. */
    private Optional<CustomerId> apply(Event event) {
        if (streamTime) {
            // on stream time an event is applied at its own moment, also one that waited for a merge or in a
            // queue while ticks moved the partition's time on (the customer's timers waited with it)
            clock.set(event.time().toEpochMilli());
        }
        StepOutcome outcome;
        try {
            outcome = runtime.ingest(event);
        } catch (RuntimeException e) {
            LOG.warn("event {} refused: {}", event.id(), e.getMessage());
            Refusals.refuse(context, event.id(), EventJson.write(event), context.currentStreamTimeMs(), e,
                    Nodes.CUSTOMERS_TO_REFUSED);
            return Optional.empty();
        }
        segmentChanges(outcome);
        return Optional.of(outcome.customer());
    }

    /**
     * Starts a scheduled program for the customer at the runtime's time, unless the definitions reloaded meanwhile
     * no longer have it.
     *
     * @return the outcome; empty when the customer or the program is gone
     */
    static Optional<StepOutcome> start(StoreRuntime runtime, CustomerId customer, Command.Start s) {
        io.relevans.definition.Program p = runtime.step().programs().program(s.program());
        if (p == null) {
            LOG.debug("scheduled program {} is no longer in the definitions: its start for {} dropped", s.program(),
                    customer);
            return Optional.empty();
        }
        return runtime.onCustomer(customer, (st, stored, timers, history, at) ->
                st.startScheduled(stored, timers, history, p, s.moment(), at));
    }

    /** Writes the segment changes of a step's outcome to the segment changes topic. */
    void segmentChanges(StepOutcome outcome) {
        for (Event change : outcome.changes()) {
            context.forward(new Record<>(outcome.customer().value(), EventJson.write(change),
                    change.time().toEpochMilli()), Nodes.TO_SEGMENT_CHANGES);
        }
    }

    /** Whether the customer was handed over to another or is in the middle of a merge: left alone until then. */
    boolean away(CustomerId customer) {
        return forwards.get(customer.value()) != null || pending.get(customer.value()) != null;
    }

    /**
     * A tick from one events partition.
     *
     * @return the moment every partition has now passed, when it moved on: the timers due by it are to fire
     */
    Optional<java.time.Instant> tick(Command.Tick tick) {
        String source = Integer.toString(tick.source());
        if (watermarks.get(TICKING) == null) {
            watermarks.put(TICKING, Long.toString(tick.at().toEpochMilli()));
        }
        String had = watermarks.get(source);
        if (had == null || Long.parseLong(had) < tick.at().toEpochMilli()) {
            watermarks.put(source, Long.toString(tick.at().toEpochMilli()));
        }
        long passed = Long.MAX_VALUE;
        for (int q = 0; q < tick.sources(); q++) {
            String at = watermarks.get(Integer.toString(q));
            if (at == null) {
                return Optional.empty(); // a partition has not ticked yet
            }
            passed = Math.min(passed, Long.parseLong(at));
        }
        String fired = watermarks.get(FIRED);
        if (fired != null && Long.parseLong(fired) >= passed) {
            return Optional.empty();
        }
        watermarks.put(FIRED, Long.toString(passed));
        if (streamTime) {
            remember(passed);
        }
        return Optional.of(java.time.Instant.ofEpochMilli(passed));
    }

    /** The watermarks' entry of the moment timers fired to. */
    private static final String FIRED = "fired";
    /** The watermarks' entry of the first tick's moment: ticks have begun. */
    private static final String TICKING = "ticking";
    /** The watermarks' prefix of commands held until the partition's time reaches their moment. */
    private static final String AHEAD = "ahead" + Keys.SEP;

    /** A command held until the partition's time reached its moment. */
    record Held(CustomerId customer, Command command, long at) {
    }

    /**
     * Whether a command for the moment comes ahead of the partition's time (the moment timers fired to):
     * then it waits for the ticks before it, as the embedded engine fires the timers due before an event
     * at their ticks. Before any tick arrived there is no such time (a runtime that gets none), and nothing
     * waits; once one has, everything waits until every events partition has ticked.
     */
    boolean ahead(long at) {
        String fired = watermarks.get(FIRED);
        if (fired == null) { // ticks have begun, but not from every events partition yet: its time is before all
            return watermarks.get(TICKING) != null;
        }
        return at > Long.parseLong(fired);
    }

    /** Keeps a command until the partition's time reaches its moment; the offset orders those of one moment. */
    void hold(CustomerId customer, Command command, long at, long offset) {
        watermarks.put(AHEAD + Keys.moment(java.time.Instant.ofEpochMilli(at)) + Keys.SEP
                + String.format("%020d", offset), customer.value() + Keys.SEP + CommandJson.write(command));
    }

    /** Takes the commands held for moments up to the one, in order. */
    List<Held> heldUntil(long at) {
        List<org.apache.kafka.streams.KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = watermarks.range(AHEAD, AHEAD + Keys.after(Keys.moment(
                java.time.Instant.ofEpochMilli(at))))) {
            it.forEachRemaining(due::add);
        }
        List<Held> out = new ArrayList<>();
        for (var kv : due) {
            watermarks.delete(kv.key);
            int sep = kv.value.indexOf(Keys.SEP);
            out.add(new Held(CustomerId.of(kv.value.substring(0, sep)), CommandJson.read(kv.value.substring(sep + 1)),
                    Keys.instant(kv.key.substring(AHEAD.length(), AHEAD.length() + 20)).toEpochMilli()));
        }
        return out;
    }

    /**
     * What a tick at the moment does for one customer (unless they are merging or handed over): fires their
     * timers due by then, and releases their messages due by then to the dispatcher.
     */
    void dueOf(CustomerId customer, java.time.Instant now) {
        if (away(customer)) {
            return;
        }
        fireDueOf(customer, now);
        outbox.releaseOf(customer, now, released);
    }

    private void fireDueOf(CustomerId customer, java.time.Instant now) {
        timers.of(customer).stream().filter(t -> !t.due().isAfter(now))
                .sorted(java.util.Comparator.comparing(Timer::due).thenComparing(t -> t.key().toString()))
                .forEach(runtime::fire);
    }

    /**
     * What a tick at the moment does, for the customers not in the middle of a merge: fires the timers due
     * by then, then releases the messages due by then to the dispatcher, as the embedded engine's tick fires
     * timers and then hands due messages to the channels.
     *
     * @return how many timers fired
     */
    int due(java.time.Instant now) {
        int fired = fireDue(now);
        outbox.release(now, m -> pending.get(m.customer().value()) == null, released);
        return fired;
    }

    private int fireDue(java.time.Instant now) {
        int fired = 0;
        while (true) {
            List<Timer> due = timers.due(now, BATCH);
            int before = fired;
            for (Timer t : due) {
                if (forwards.get(t.customer().value()) != null || pending.get(t.customer().value()) != null) {
                    continue; // handed over (its timers went with it) or merging: fired once the merge ends
                }
                runtime.fire(t);
                fired++;
            }
            if (due.size() < BATCH || fired == before) {
                return fired;
            }
        }
    }

    /**
     * Writes the messages added or changed since the last call to the outbox topic, each once, as it is
     * now, with the identities its customer has now (the dispatcher addresses it from them); then those
     * released, marked so.
     */
    void flush(Map<String, Message> changed, Map<String, Message> released) {
        Map<CustomerId, List<Identity>> identities = new java.util.HashMap<>(); // a record read once per flush
        for (Message m : changed.values()) {
            emit(m, false, identities);
        }
        for (Message m : released.values()) {
            emit(m, true, identities);
        }
        changed.clear();
        released.clear();
    }

    private void emit(Message m, boolean release, Map<CustomerId, List<Identity>> identities) {
        List<Identity> of = identities.computeIfAbsent(m.customer(), id -> customers.load(id)
                .map(r -> List.copyOf(r.customer().identities())).orElse(List.of()));
        context.forward(new Record<>(m.customer().value(), OutboxJson.write(m, of, release),
                context.currentStreamTimeMs()), Nodes.TO_OUTBOX);
    }

    private void send(CustomerId to, Command command, long at) {
        context.forward(new Record<>(to.value(), CommandJson.write(command), at), Nodes.CUSTOMERS_TO_CUSTOMERS);
    }
}
