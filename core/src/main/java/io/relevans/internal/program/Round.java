package io.relevans.internal.program;

import io.relevans.customer.Customer;
import io.relevans.event.Event;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One customer's state while the engine works on them for one event or one due timer: the profile,
 * feature values, verdicts (segments and hidden conditions), timers, program starts, and what was
 * decided. Mutable; confined to the engine's write lock. The engine persists it at the end.
 */
public final class Round {
    final long now;
    Customer customer;
    final double[] features;
    final Map<Timer.Key, Timer> timers = new LinkedHashMap<>();
    final Map<Timer.Key, Timer> original = new LinkedHashMap<>();
    final TreeMap<String, Instant> starts;
    final List<SendRequest> sends = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    final List<ActionCall> actions = new ArrayList<>();
    private final Function<Round, Set<String>> evaluator;
    private @Nullable Set<String> verdicts;
    private java.util.function.@Nullable BiConsumer<String, Boolean> consults;
    private String cause = "";

    /**
     * @param now       the moment, epoch millis
     * @param customer  the profile
     * @param features  feature values at {@code now}, in plan order
     * @param timers    the customer's stored timers
     * @param starts    when each program last started
     * @param evaluator evaluates segments and hidden conditions for the round's current state
     */
    public Round(long now, Customer customer, double[] features, List<Timer> timers, Map<String, Instant> starts,
                 Function<Round, Set<String>> evaluator) {
        this.now = now;
        this.customer = customer;
        this.features = features;
        timers.forEach(t -> {
            this.timers.put(t.key(), t);
            original.put(t.key(), t);
        });
        this.starts = new TreeMap<>(starts);
        this.evaluator = evaluator;
    }

    /** The profile as the round left it. */
    public Customer customer() {
        return customer;
    }

    /** The feature values. */
    public double[] features() {
        return features;
    }

    /** When each program last started, as the round left it. */
    public java.util.SortedMap<String, Instant> starts() {
        return starts;
    }

    /**
     * Names what the round works on (an event by its id, a due timer by its key and due time), so that
     * the messages it decides get the same ids when the same work is done again after a crash, at a
     * later moment; without a cause, ids name the moment instead.
     */
    public void causedBy(String what) {
        this.cause = java.util.Objects.requireNonNull(what, "cause");
    }

    /** What the round works on, or empty when it works on the moment (schedules, re-segmentation). */
    public String cause() {
        return cause;
    }

    /** The moment. */
    public Instant at() {
        return Instant.ofEpochMilli(now);
    }

    /** The timers now, by key. */
    public Map<Timer.Key, Timer> timers() {
        return timers;
    }

    /** Timers to store: new or changed since the round began. */
    public List<Timer> timersToSchedule() {
        List<Timer> out = new ArrayList<>();
        timers.forEach((k, t) -> {
            if (!t.equals(original.get(k))) {
                out.add(t);
            }
        });
        return out;
    }

    /** Timers to cancel: present when the round began, gone now. */
    public List<Timer.Key> timersToCancel() {
        List<Timer.Key> out = new ArrayList<>();
        original.keySet().forEach(k -> {
            if (!timers.containsKey(k)) {
                out.add(k);
            }
        });
        return out;
    }

    /** Messages decided in the round (pending and suppressed), to add to the outbox. */
    public List<Message> messages() {
        return messages;
    }

    /** Actions to call once the round is stored. */
    public List<ActionCall> actions() {
        return actions;
    }

    /** The "since trigger" keys of the customer's running journeys. */
    public Set<String> sinceKeys(CompiledPrograms programs) {
        java.util.Set<String> keys = null; // most customers wait in no journey that marked a match
        for (Timer t : timers.values()) {
            if (t.kind() == Timer.Kind.RESUME && !t.since().isEmpty() && programs.program(t.program()) != null) {
                for (CompiledPrograms.Since m : programs.sinceMatches(t.program())) {
                    if (t.since().contains(m.code())) {
                        if (keys == null) {
                            keys = new java.util.TreeSet<>();
                        }
                        keys.add(m.key());
                    }
                }
            }
        }
        return keys != null ? keys : Set.of();
    }

    /**
     * The segments that hold now (and, from an evaluator that evaluates them all, the hidden conditions),
     * evaluated again after a change; ask {@link #holds} for a hidden condition.
     */
    public Set<String> verdicts() {
        if (verdicts == null) {
            verdicts = evaluator.apply(this);
        }
        return verdicts;
    }

    /**
     * Whether a hidden condition of the programs (or a segment) holds now: evaluated with the segments of
     * {@link #verdicts()}, on demand the first time it is asked for.
     */
    public boolean holds(String name) {
        boolean held = io.relevans.internal.engine.CompiledSegments.holds(verdicts(), name);
        java.util.function.BiConsumer<String, Boolean> told = consults;
        if (told != null) {
            told.accept(name, held);
        }
        return held;
    }

    /**
     * Tells the listener of every condition the programs ask for from now on ({@link #holds}), with its
     * answer, in order; for checking that the answers do not depend on how conditions are evaluated.
     *
     * @return this round
     */
    public Round tellingConsults(java.util.function.BiConsumer<String, Boolean> listener) {
        this.consults = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    void invalidate() {
        verdicts = null;
    }

    /**
     * A send a journey asked for, decided after all of the round's journeys ran, by priority.
     *
     * @param journey the journey
     * @param step    the send or ask step
     * @param trigger the trigger event
     */
    record SendRequest(Journey journey, io.relevans.definition.Step step, Event trigger, boolean deferred) {
        SendRequest(Journey journey, io.relevans.definition.Step step, Event trigger) {
            this(journey, step, trigger, false);
        }
    }

    /**
     * An application action to call after the round is stored.
     *
     * @param action   the action's name
     * @param data     the bound data
     * @param program  the program calling it
     */
    public record ActionCall(String action, Map<String, io.relevans.customer.Value> data, String program) {
    }
}
