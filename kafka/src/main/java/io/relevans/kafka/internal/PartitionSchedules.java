package io.relevans.kafka.internal;

import io.relevans.definition.Program;
import io.relevans.definition.Trigger;
import io.relevans.internal.runtime.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled programs ({@link Trigger.OnSchedule}) on one partition, as the embedded engine's tick starts them:
 * whenever the partition looks at the time (a wall-clock punctuation, or on stream time a tick that moved its time
 * on), each scheduled program with a moment since the last look is started for every customer of the partition
 * in its audience, once per customer and moment (the record remembers the start, so a start tried again after a
 * crash changes nothing). Starts are queued in the watermarks store in the definitions' program order and each
 * goes through the customers in slices ({@link CustomerSweep}): on the wall clock until the punctuation's time
 * budget is spent, the rest at the next; on stream time whole. The first look only starts the count: moments
 * before it are not started. A customer in the middle of a merge gets its start once the merge ends, in order with
 * the events it queued meanwhile ({@link Command.Start}).
 * Used by the partition's one stream thread.
 */
final class PartitionSchedules {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionSchedules.class);
    /** The watermarks' entry of the moment the partition last looked at the time. */
    private static final String LOOKED = "scheduled";
    /** The watermarks' prefix of the starts to go through, in order: a sequence number, then program and moment. */
    private static final String QUEUE = "schedule" + Keys.SEP;
    /** The watermarks' entry of the next sequence number. */
    private static final String NEXT = "schedule-next";
    /** The sweep's cursor of the start at the head of the queue. */
    private static final String CURSOR = "schedule-cursor";

    private final PassContext pass;
    private final KeyValueStore<String, String> watermarks;

    /**
     * @param pass what the starts work with
     */
    PartitionSchedules(PassContext pass) {
        this.pass = Objects.requireNonNull(pass, "pass");
        this.watermarks = pass.watermarks();
    }

    /**
     * The partition looks at the time: queues the scheduled programs with a moment since the last look, and goes
     * through the queue until it is empty or the budget is spent.
     *
     * @param budget how long this call may work on the starts (a slice of customers at least)
     * @return whether starts are still queued
     */
    boolean reached(Instant now, Duration budget) {
        String text = watermarks.get(LOOKED);
        long looked = text == null ? Long.MAX_VALUE : Long.parseLong(text); // none: the first look starts the count
        if (text == null || looked < now.toEpochMilli()) {
            watermarks.put(LOOKED, Long.toString(now.toEpochMilli()));
        }
        if (looked < now.toEpochMilli()) {
            Instant from = Instant.ofEpochMilli(looked);
            for (Program p : pass.runtime().step().programs().programs()) {
                if (p.trigger() instanceof Trigger.OnSchedule s) {
                    Instant moment = Schedules.due(s, from, now);
                    if (moment != null) {
                        queue(p.name(), moment);
                    }
                }
            }
        }
        long until = System.nanoTime() + budget.toNanos();
        while (true) {
            Optional<Start> head = head();
            if (head.isEmpty()) {
                return false;
            }
            Start start = head.get();
            Program p = program(start.program());
            if (p == null) {
                watermarks.delete(CURSOR); // a sweep under way for it before the reload ends here
                LOG.info("scheduled program {} is no longer in the definitions: its start at {} dropped",
                        start.program(), start.moment());
            } else {
                if (!pass.sweep().underWay(CURSOR)) {
                    pass.sweep().begin(CURSOR);
                }
                if (!pass.sweep().goOn(CURSOR, until, r -> pass.commands().accept(r.id(),
                        new Command.Start(p.name(), start.moment(), now)))) {
                    return true;
                }
            }
            watermarks.delete(start.key());
            if (System.nanoTime() - until > 0) {
                return head().isPresent();
            }
        }
    }

    private void queue(String program, Instant moment) {
        String next = watermarks.get(NEXT);
        long seq = next == null ? 0 : Long.parseLong(next);
        watermarks.put(QUEUE + String.format("%020d", seq), program + Keys.SEP + moment.toEpochMilli());
        watermarks.put(NEXT, Long.toString(seq + 1));
    }

    /** A start queued: its key in the watermarks store, the program and the moment of its schedule. */
    private record Start(String key, String program, Instant moment) {
    }

    /** The first start queued. */
    private Optional<Start> head() {
        try (KeyValueIterator<String, String> it = watermarks.prefixScan(QUEUE, Keys.SERIALIZER)) {
            if (!it.hasNext()) {
                return Optional.empty();
            }
            var kv = it.next();
            int sep = kv.value.indexOf(Keys.SEP);
            return Optional.of(new Start(kv.key, kv.value.substring(0, sep),
                    Instant.ofEpochMilli(Long.parseLong(kv.value.substring(sep + 1)))));
        }
    }

    private @Nullable Program program(String name) {
        return pass.runtime().step().programs().program(name);
    }
}
