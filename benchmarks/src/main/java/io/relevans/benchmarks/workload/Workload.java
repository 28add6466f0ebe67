package io.relevans.benchmarks.workload;

import io.relevans.customer.Identity;
import io.relevans.definition.Definitions;
import io.relevans.definition.Program;
import io.relevans.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The benchmarks' shared, seeded workload: {@code customers} retail customers, each with a year of
 * history ending at {@link #NOW}; a live stream of events after it; and the definitions every baseline
 * evaluates: 100 segments ({@link SegmentSpec}: attributes, windowed aggregates, nested segments,
 * per-category price tiers) and 30 programs ({@link BenchmarkPrograms}). Deterministic: the same seed
 * and size give equal events and definitions; a customer's history is made on demand from the seed and
 * the customer's number, so a million customers never sit in memory as events.
 */
public final class Workload {

    /** The end of every history and the start of the live stream. */
    public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** How far back histories go. */
    public static final Duration HISTORY = Duration.ofDays(365);
    /** The number of segments in the definitions. */
    public static final int SEGMENTS = 100;

    private final long seed;
    private final int customers;
    private final List<SegmentSpec> specs;
    private final List<Program> programs;

    private Workload(long seed, int customers) {
        if (customers < 1) {
            throw new IllegalArgumentException("a workload needs at least one customer, got " + customers);
        }
        this.seed = seed;
        this.customers = customers;
        Random random = new Random(seed);
        this.specs = List.copyOf(SegmentSpec.generate(random, SEGMENTS));
        this.programs = List.copyOf(BenchmarkPrograms.generate(specs));
    }

    /** The workload of a seed with a number of customers. */
    public static Workload generate(long seed, int customers) {
        return new Workload(seed, customers);
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The number of customers. */
    public int customers() {
        return customers;
    }

    /** The segments as family parameters, in definition order. */
    public List<SegmentSpec> specs() {
        return specs;
    }

    /** The 100 segments and 30 programs, with the catalogue's price ranges. */
    public Definitions definitions() {
        Definitions.Builder b = segmentsBuilder(SEGMENTS);
        programs.forEach(b::program);
        return b.build();
    }

    /** The first {@code count} segments only (nested segments refer to earlier ones, so any prefix is valid). */
    public Definitions segmentsOnly(int count) {
        return segmentsBuilder(count).build();
    }

    /** The 100 segments only. */
    public Definitions segmentsOnly() {
        return segmentsOnly(SEGMENTS);
    }

    private Definitions.Builder segmentsBuilder(int count) {
        if (count < 1 || count > SEGMENTS) {
            throw new IllegalArgumentException("segment count must be 1.." + SEGMENTS + ", got " + count);
        }
        Definitions.Builder b = Definitions.builder();
        for (String c : Catalogue.CATEGORIES) {
            b.priceRange(c, Catalogue.minPrice(c), Catalogue.maxPrice(c));
        }
        specs.subList(0, count).forEach(s -> b.segment(s.segment()));
        return b;
    }

    /** The identity customer number {@code customer} is known by. */
    public Identity identity(int customer) {
        return Identity.email("customer" + customer + "@example.com");
    }

    /**
     * One customer's history, oldest first: profile events, then activity over the year before
     * {@link #NOW}; between 3 and about 80 events, 15 on average.
     */
    public List<Event> history(int customer) {
        checkCustomer(customer);
        SplittableRandom r = new SplittableRandom(RetailEvents.mix(seed, customer + 1L));
        Identity who = identity(customer);
        long span = HISTORY.toMillis();
        long start = NOW.toEpochMilli() - span;
        int activity = Math.min(80, 2 + (int) (-Math.log(1 - r.nextDouble()) * 11));
        long[] times = new long[activity];
        for (int i = 0; i < activity; i++) {
            times[i] = start + (long) (r.nextDouble() * span);
        }
        Arrays.sort(times);
        List<Event> out = new ArrayList<>(activity + 8);
        RetailEvents.profile(who, Instant.ofEpochMilli(Math.max(start, times[0] - 60_000)), r, out);
        for (long t : times) {
            out.add(RetailEvents.activity(who, Instant.ofEpochMilli(t), r));
        }
        return out;
    }

    /**
     * {@code count} live events after {@link #NOW}, one every {@code spacing}, each for a customer drawn
     * from the whole base: the activity mix.
     */
    public List<Event> live(int count, Duration spacing) {
        SplittableRandom r = new SplittableRandom(RetailEvents.mix(seed, -1));
        List<Event> out = new ArrayList<>(count);
        long t = NOW.toEpochMilli();
        while (out.size() < count) {
            t += spacing.toMillis();
            Identity who = identity(r.nextInt(customers));
            out.add(RetailEvents.activity(who, Instant.ofEpochMilli(t), r));
        }
        return out;
    }

    /**
     * The events of one day after {@link #NOW} ({@code day} 0 is the first): {@code count} events of the
     * activity mix, each for a customer drawn from the whole base, spread over the day in time order.
     */
    public List<Event> day(int day, int count) {
        SplittableRandom r = new SplittableRandom(RetailEvents.mix(seed, -2 - (long) day));
        long start = NOW.toEpochMilli() + day * 86_400_000L;
        List<Event> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long t = start + (long) i * 86_400_000L / Math.max(1, count);
            out.add(RetailEvents.activity(identity(r.nextInt(customers)), Instant.ofEpochMilli(t), r));
        }
        return out;
    }

    private void checkCustomer(int customer) {
        if (customer < 0 || customer >= customers) {
            throw new IllegalArgumentException("customer must be 0.." + (customers - 1) + ", got " + customer);
        }
    }
}
