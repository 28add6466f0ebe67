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
    /**
     * The default history length, in events per customer-year: the workload of the earlier rounds (17.2
     * events on average, of which 12.5 activity and 4.7 profile events).
     */
    public static final int DEFAULT_HISTORY = 15;
    /** The history lengths the benchmarks compare: about 15, 150 and 1,500 events per customer-year. */
    public static final List<Integer> HISTORY_LENGTHS = List.of(15, 150, 1_500);
    /** The mean number of activity events of a default history ({@code 2 + E[floor(Exp(11))]}). */
    static final double BASE_ACTIVITY = 2 + Math.exp(-1 / 11.0) / (1 - Math.exp(-1 / 11.0));
    /** Salts the browsing streams of longer histories. */
    private static final long BROWSING_SALT = 0x5EED_B0B5_1A7E_F00DL;

    private final long seed;
    private final int customers;
    private final int history;
    private final List<SegmentSpec> specs;
    private final List<Program> programs;

    private Workload(long seed, int customers, int history) {
        if (customers < 1) {
            throw new IllegalArgumentException("a workload needs at least one customer, got " + customers);
        }
        if (history < DEFAULT_HISTORY) {
            throw new IllegalArgumentException("history length must be at least " + DEFAULT_HISTORY
                    + " events per customer-year, got " + history);
        }
        this.seed = seed;
        this.customers = customers;
        this.history = history;
        Random random = new Random(seed);
        this.specs = List.copyOf(SegmentSpec.generate(random, SEGMENTS));
        this.programs = List.copyOf(BenchmarkPrograms.generate(specs));
    }

    /** The workload of a seed with a number of customers, histories of the default length. */
    public static Workload generate(long seed, int customers) {
        return new Workload(seed, customers, DEFAULT_HISTORY);
    }

    /**
     * The workload of a seed with a number of customers and histories of about {@code history} events per
     * customer-year. {@value #DEFAULT_HISTORY} is the default workload, event for event. A longer history
     * is the default one (the same profile, purchases, visits, messages: the same customer) with
     * browsing added: {@code history - 15} more events per customer-year on average, product views
     * mostly ({@link RetailEvents#browsing}), spread over the year, more for the customers who are more
     * active; the live stream has the same mix of activity. So a history of 150 averages 152 events, one of
     * 1,500 averages 1,502; the number of definitions, purchases and profile changes stays the same.
     */
    public static Workload generate(long seed, int customers, int history) {
        return new Workload(seed, customers, history);
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The number of customers. */
    public int customers() {
        return customers;
    }

    /** The history length, in events per customer-year ({@value #DEFAULT_HISTORY} by default). */
    public int historyLength() {
        return history;
    }

    /** The extra browsing events per activity event of a default history. */
    private double browsingPerActivity() {
        return (history - DEFAULT_HISTORY) / BASE_ACTIVITY;
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
     * {@link #NOW}. By default between 6 and about 85 events, 17 on average (12.5 of them activity); a
     * longer history adds browsing in proportion to the customer's activity.
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
        long[] extra = browsingTimes(customer, activity, start, span);
        long first = extra.length == 0 ? times[0] : Math.min(times[0], extra[0]);
        List<Event> out = new ArrayList<>(activity + extra.length + 8);
        RetailEvents.profile(who, Instant.ofEpochMilli(Math.max(start, first - 60_000)), r, out);
        if (extra.length == 0) { // the default history, draw for draw
            for (long t : times) {
                out.add(RetailEvents.activity(who, Instant.ofEpochMilli(t), r));
            }
            return out;
        }
        // browsing from a stream of its own, so that the rest of the history is the default one
        SplittableRandom b = new SplittableRandom(RetailEvents.mix(seed ^ BROWSING_SALT, customer + 1L));
        int j = 0;
        for (long t : times) {
            while (j < extra.length && extra[j] < t) {
                out.add(RetailEvents.browsing(who, Instant.ofEpochMilli(extra[j++]), b));
            }
            out.add(RetailEvents.activity(who, Instant.ofEpochMilli(t), r));
        }
        while (j < extra.length) {
            out.add(RetailEvents.browsing(who, Instant.ofEpochMilli(extra[j++]), b));
        }
        return out;
    }

    /**
     * The moments of a customer's extra browsing, sorted: on average {@link #browsingPerActivity()} per
     * activity event of the default history (so the more active customers browse more), none by default.
     */
    private long[] browsingTimes(int customer, int activity, long start, long span) {
        if (history == DEFAULT_HISTORY) {
            return new long[0];
        }
        SplittableRandom t = new SplittableRandom(RetailEvents.mix(seed ^ ~BROWSING_SALT, customer + 1L));
        double mean = activity * browsingPerActivity();
        int n = (int) Math.floor(mean + t.nextDouble()); // the mean exactly, rounded at random
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = start + (long) (t.nextDouble() * span);
        }
        Arrays.sort(times);
        return times;
    }

    /**
     * {@code count} live events after {@link #NOW}, one every {@code spacing}, each for a customer drawn
     * from the whole base: the activity mix of the histories (with a longer history, its share of browsing).
     */
    public List<Event> live(int count, Duration spacing) {
        SplittableRandom r = new SplittableRandom(RetailEvents.mix(seed, -1));
        double browsing = browsingPerActivity() / (1 + browsingPerActivity()); // share of activity events
        List<Event> out = new ArrayList<>(count);
        long t = NOW.toEpochMilli();
        while (out.size() < count) {
            t += spacing.toMillis();
            Identity who = identity(r.nextInt(customers));
            Instant at = Instant.ofEpochMilli(t);
            out.add(history != DEFAULT_HISTORY && r.nextDouble() < browsing ? RetailEvents.browsing(who, at, r)
                    : RetailEvents.activity(who, at, r));
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
