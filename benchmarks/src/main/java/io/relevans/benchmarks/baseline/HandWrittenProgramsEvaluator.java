package io.relevans.benchmarks.baseline;

import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Attribute;
import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Step;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Line;
import io.relevans.internal.Digests;
import io.relevans.spi.Message;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The hand-written twin of {@link Baseline#RELEVANS_PROGRAMS}: the {@link HandWrittenEvaluator}'s segments,
 * and the benchmark's 30 programs ({@code BenchmarkPrograms}: ten shapes in three variants) coded as
 * straight-line Java per shape, their constants (categories, stores, segments, periods, thresholds) read
 * from the program definitions when it is built, as the hand-written segments read theirs from the
 * segment specs. On every event it does what the engine's programs do on an event:
 * <ul>
 *   <li>running journeys: the program's exit events end them (a cart reminder on a purchase, its next
 *       send recorded as suppressed), "since trigger" matches are marked (a purchase during a browse
 *       journey);</li>
 *   <li>every program's audience, exit, relevance and branch conditions evaluated (a few reads of
 *       arrays here; the engine evaluates each only when a program asks for it);</li>
 *   <li>triggers, highest priority first: event triggers (with their filters), segment entries and exits,
 *       inactivity timers moved on, each start subject to the re-entry rule, the audience and the control
 *       group, and run to its first wait (waits, waits until a time of day, quiet hours, splits, sends,
 *       set attributes); every customer's next birthday greeting scheduled;</li>
 *   <li>memberships again when a program changed the profile, and programs triggered by what that
 *       changed; messages decided earlier and still waiting stopped when the customer withdrew consent;
 *       the round's sends decided through the guards (channel, consent, identity, control group).</li>
 * </ul>
 * Per customer it keeps, in arrays indexed by program, when each started last, the journey waiting (the
 * engine's timers) and the time-based triggers due, and the messages decided. No timer fires during
 * ingestion (the benchmarks do not tick), as for the engine. Re-segmentation evaluates the segments only.
 * {@code HandWrittenProgramsAgreeTest} checks that it starts, waits and decides as the engine does.
 */
final class HandWrittenProgramsEvaluator extends HandWrittenEvaluator {

    private static final long NONE = Long.MIN_VALUE;
    private static final int MAX_SETTLE_PASSES = 5;

    /** The ten program shapes of the benchmark. */
    private enum Shape { CART, REVIEW, BROWSE, VIP, WINBACK, BIRTHDAY, INACTIVE, WEEKLY, SERVICE, STORE }

    /** One program as constants. */
    private static final class Prog {
        final int index;
        final Program def;
        final String name;
        final Shape shape;
        final Reentry.Kind reentry;
        final long reentryPeriod;
        final double controlShare;
        final int priority;
        final Purpose purpose;
        /** The trigger's category (review: of a line; browse: of the view), store, or segment index. */
        String category;
        String store;
        int segment = -1;
        /** The first wait: how long, and the label of the step it waits at. */
        long waitMillis;
        String waitsAt = "";
        /** Per step, the label of the first send or ask from it on (what an exit records as suppressed). */
        final String[] nextSend;
        /** Inactivity: after how long; birthday: when; their attribute. */
        long periodMillis;
        LocalTime at;
        String attribute;
        /** Audience, exit or branch thresholds and the feature they read. */
        double operand;
        int feature = -1;
        /** The exit events (a purchase) and "since trigger" matches (a purchase). */
        boolean exitOnPurchase;
        boolean sincePurchase;
        /** VIP: the split's variants, their sends, and the attribute set at the end. */
        String splitLabel;
        String[] variants;
        int[] weights;
        String[] sends;
        Channel sendChannel;
        String setName;
        Value setValue;

        Prog(int index, Program def) {
            this.index = index;
            this.def = def;
            this.name = def.name();
            this.shape = Shape.valueOf(name.substring(0, name.indexOf('_')).toUpperCase(java.util.Locale.ROOT));
            this.reentry = def.reentry().kind();
            this.reentryPeriod = def.reentry().period() == null ? 0 : def.reentry().period().toMillis();
            this.controlShare = def.controlShare();
            this.priority = def.priority();
            this.purpose = def.purpose();
            List<Step> steps = def.steps();
            this.nextSend = new String[steps.size()];
            String next = null;
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (steps.get(i) instanceof Step.Send || steps.get(i) instanceof Step.Ask) {
                    next = steps.get(i).label();
                }
                nextSend[i] = next;
            }
            if (steps.get(0) instanceof Step.Wait w) {
                waitMillis = w.duration().toMillis();
                waitsAt = steps.get(1).label();
            }
            for (EventMatch m : def.exitOn()) {
                exitOnPurchase |= isPurchase(m);
            }
        }
    }

    /** A customer's journey waiting in a program (the engine's RESUME timer). */
    private static final class Journey {
        final String step;
        final long due;
        final long started;
        final boolean control;
        final String variant;
        boolean since;

        Journey(String step, long due, long started, boolean control, String variant) {
            this.step = step;
            this.due = due;
            this.started = started;
            this.control = control;
            this.variant = variant;
        }
    }

    /** A message decided for the customer. */
    private static final class Msg {
        final Prog program;
        final String step;
        final long decidedAt;
        final Channel channel;
        final Purpose purpose;
        Message.Status status;

        Msg(Prog program, String step, long decidedAt, Channel channel, Purpose purpose, Message.Status status) {
            this.program = program;
            this.step = step;
            this.decidedAt = decidedAt;
            this.channel = channel;
            this.purpose = purpose;
            this.status = status;
        }
    }

    /** A send a journey asked for in this event, decided after every trigger, by priority. */
    private record Send(Prog program, String step, boolean control) {
    }

    /** One customer's state: the segments', and per program its last start, journey and time trigger. */
    static final class Programs extends State {
        final boolean[] was;
        final long[] started;
        final Journey[] journeys;
        final long[] triggerDue;
        /** Per program: audience, exit, relevance and branch, as evaluated for the current event. */
        final boolean[] audience;
        final boolean[] exit;
        final boolean[] relevant;
        final boolean[] branch;
        List<Msg> messages = List.of();

        Programs(Customer customer, int segments, int programs) {
            super(customer, segments);
            was = new boolean[segments];
            started = new long[programs];
            journeys = new Journey[programs];
            triggerDue = new long[programs];
            Arrays.fill(started, NONE);
            Arrays.fill(triggerDue, NONE);
            audience = new boolean[programs];
            exit = new boolean[programs];
            relevant = new boolean[programs];
            branch = new boolean[programs];
        }
    }

    private final Prog[] programs;
    private final Prog[] byPriority;
    private final Policies policies;

    HandWrittenProgramsEvaluator(Workload workload, Clock clock) {
        super(workload, clock, Workload.SEGMENTS, programFeatures(workload.definitions().programs()));
        List<Program> defs = workload.definitions().programs();
        this.policies = workload.definitions().policies();
        this.programs = new Prog[defs.size()];
        for (int i = 0; i < programs.length; i++) {
            programs[i] = compile(new Prog(i, defs.get(i)));
        }
        this.byPriority = programs.clone();
        Arrays.sort(byPriority, Comparator.comparingInt((Prog p) -> p.priority).reversed()
                .thenComparing(p -> p.name));
    }

    /**
     * The features the programs read beyond the segments': those their conditions compare (spend in 30
     * days, complaints in 7), and for the offers days since a purchase in each promoted category (the
     * no-better-offer guard), so that the feature state does the engine's work.
     */
    static List<Feature> programFeatures(List<Program> programs) {
        Set<Feature> out = new LinkedHashSet<>();
        for (Program p : programs) {
            List<Condition> conditions = new ArrayList<>();
            p.audience().ifPresent(conditions::add);
            p.exitWhen().ifPresent(conditions::add);
            p.highRelevance().ifPresent(conditions::add);
            p.steps().forEach(s -> {
                if (s instanceof Step.Branch b) {
                    conditions.add(b.condition());
                }
            });
            for (Condition c : conditions) {
                if (c instanceof Condition.FeatureCompare f) {
                    out.add(f.feature());
                }
            }
            if (p.offer()) {
                p.promotes().forEach(c -> out.add(Features.daysSince(EventType.PURCHASE)
                        .where("line.category", c.name())));
            }
        }
        return List.copyOf(out);
    }

    /** Reads the shape's constants from the definition. */
    private Prog compile(Prog p) {
        Program d = p.def;
        switch (p.shape) {
            case CART -> expectEvent(d, EventType.CART_CHANGE);
            case REVIEW -> p.category = filter(expectEvent(d, EventType.PURCHASE), "line.category");
            case BROWSE -> {
                p.category = filter(expectEvent(d, EventType.PRODUCT_VIEW), "category");
                p.segment = segment(((Condition.InSegment) d.highRelevance().orElseThrow()).segment());
                Step.Branch bought = (Step.Branch) d.steps().get(1);
                p.sincePurchase = isPurchase(((Condition.SinceTrigger) bought.condition()).match());
            }
            case VIP -> {
                p.segment = segment(((Trigger.OnSegment) d.trigger()).segment());
                Condition.HasConsent consent = (Condition.HasConsent) d.audience().orElseThrow();
                if (consent.channel() != Channel.EMAIL || !consent.purpose().equals(Purpose.MARKETING)) {
                    throw new IllegalStateException("the twin's vip audience is e-mail marketing consent");
                }
                Step.Split split = (Step.Split) d.steps().get(0);
                p.splitLabel = split.label();
                p.variants = split.variants().stream().map(Step.Variant::name).toArray(String[]::new);
                p.weights = split.variants().stream().mapToInt(Step.Variant::weight).toArray();
                p.sends = split.variants().stream().map(Step.Variant::goTo).toArray(String[]::new);
                Step.Send send = (Step.Send) d.steps().get(d.indexOf(p.sends[0]));
                p.sendChannel = send.channel().order().get(0);
                if (send.channel().preferred() || send.channel().order().size() != 1 || !d.caps().isEmpty()
                        || !policies.caps().isEmpty()) {
                    throw new IllegalStateException("the twin decides vip sends on one channel without caps");
                }
                Step.SetAttribute set = (Step.SetAttribute) d.steps().get(d.steps().size() - 1);
                p.setName = set.name();
                p.setValue = set.value();
            }
            case WINBACK -> p.segment = segment(((Trigger.OnSegment) d.trigger()).segment());
            case BIRTHDAY -> {
                Trigger.OnAnniversary a = (Trigger.OnAnniversary) d.trigger();
                p.at = a.at();
                p.attribute = a.attribute();
                p.operand = ((Condition.AttributeCompare) d.audience().orElseThrow()).operand().asNumber();
            }
            case INACTIVE -> {
                Trigger.OnInactivity idle = (Trigger.OnInactivity) d.trigger();
                if (!isPurchase(idle.match())) {
                    throw new IllegalStateException("the twin's inactivity is since a purchase");
                }
                p.periodMillis = idle.period().toMillis();
            }
            case WEEKLY -> p.segment = segment(((Condition.InSegment) d.audience().orElseThrow()).segment());
            case SERVICE -> {
                expectEvent(d, EventType.SUPPORT_CONTACT);
                Condition.FeatureCompare exit = (Condition.FeatureCompare) d.exitWhen().orElseThrow();
                p.feature = plan.indexOf(exit.feature());
                p.operand = exit.operand();
            }
            case STORE -> {
                p.store = filter(expectEvent(d, EventType.STORE_VISIT), "store");
                p.segment = segment(((Condition.InSegment) ((Condition.Not) d.audience().orElseThrow()).part())
                        .segment());
                Condition.FeatureCompare spent = (Condition.FeatureCompare) ((Step.Branch) d.steps().get(1))
                        .condition();
                p.feature = plan.indexOf(spent.feature());
                p.operand = spent.operand();
            }
            default -> throw new IllegalStateException("unknown shape " + p.shape);
        }
        return p;
    }

    private static EventMatch expectEvent(Program d, EventType type) {
        EventMatch m = ((Trigger.OnEvent) d.trigger()).match();
        if (!m.type().equals(type)) {
            throw new IllegalStateException(d.name() + " is not triggered by " + type);
        }
        return m;
    }

    private static String filter(EventMatch m, String property) {
        if (m.filters().size() != 1 || !m.filters().get(0).property().equals(property)) {
            throw new IllegalStateException("the twin expects one filter on " + property + " in " + m.describe());
        }
        return m.filters().get(0).operand().asText();
    }

    private static boolean isPurchase(EventMatch m) {
        if (!m.filters().isEmpty()) {
            throw new IllegalStateException("the twin expects an unfiltered match, not " + m.describe());
        }
        return m.type().equals(EventType.PURCHASE);
    }

    private int segment(String name) {
        int i = Arrays.asList(names).indexOf(name);
        if (i < 0) {
            throw new IllegalStateException("no segment " + name);
        }
        return i;
    }

    @Override
    State newState(Customer customer) {
        return new Programs(customer, names.length, programs.length);
    }

    @Override
    void evaluating(State s) {
        System.arraycopy(s.in, 0, ((Programs) s).was, 0, s.in.length);
    }

    @Override
    int ingested(State state, Event event, long now, double[] values, int members) {
        Programs s = (Programs) state;
        observe(s, event, now);
        conditions(s, values);
        List<Send> sends = new ArrayList<>(0);
        boolean profileChanged = trigger(s, event, now, s.was, s.in, sends);
        scheduleAnniversaries(s, now);
        for (int pass = 0; profileChanged && pass < MAX_SETTLE_PASSES; pass++) {
            boolean[] seen = s.in.clone();
            members = evaluate(s.customer, values, now, s.in);
            conditions(s, values);
            profileChanged = !Arrays.equals(seen, s.in) && trigger(s, null, now, seen, s.in, sends);
        }
        stopUndelivered(s, event);
        decide(s, sends, now);
        return members;
    }

    /** Running journeys: exit events end them, "since trigger" matches are marked. */
    private void observe(Programs s, Event event, long now) {
        long t = event.time().toEpochMilli();
        boolean purchase = event.type().equals(EventType.PURCHASE);
        if (!purchase) {
            return; // the programs' exit events and since-trigger matches are purchases
        }
        for (Prog p : programs) {
            Journey j = s.journeys[p.index];
            if (j == null || t < j.started) {
                continue;
            }
            if (p.exitOnPurchase) {
                s.journeys[p.index] = null;
                String send = p.nextSend[p.def.indexOf(j.step)];
                if (send != null) {
                    message(s, new Msg(p, send, now, null, p.purpose, Message.Status.SUPPRESSED));
                }
            } else if (p.sincePurchase) {
                j.since = true;
            }
        }
    }

    /** Every program's audience, exit, relevance and branch conditions for the customer now. */
    private void conditions(Programs s, double[] v) {
        Customer c = s.customer;
        boolean[] in = s.in;
        for (Prog p : programs) {
            int i = p.index;
            switch (p.shape) {
                case VIP -> s.audience[i] = c.hasConsent(Channel.EMAIL, Purpose.MARKETING);
                case BIRTHDAY -> s.audience[i] = number(c, "age") >= p.operand;
                case WEEKLY -> s.audience[i] = in[p.segment];
                case STORE -> {
                    s.audience[i] = !in[p.segment];
                    s.branch[i] = v[p.feature] > p.operand;
                }
                case SERVICE -> s.exit[i] = v[p.feature] >= p.operand;
                case BROWSE -> {
                    s.relevant[i] = in[p.segment];
                    s.branch[i] = s.journeys[i] != null && s.journeys[i].since;
                }
                default -> {
                }
            }
        }
    }

    private static double number(Customer c, String attribute) {
        Attribute a = c.attributes().get(attribute);
        return a != null && a.value() instanceof Value.Number n ? n.value() : Double.NaN;
    }

    /**
     * Starts what the event (null: none, only segment changes) and the changes from {@code before} to
     * {@code after} trigger; moves inactivity triggers on. Returns whether a program changed the profile.
     */
    private boolean trigger(Programs s, Event event, long now, boolean[] before, boolean[] after, List<Send> sends) {
        EventType type = event == null ? null : event.type();
        boolean changed = false;
        for (Prog p : byPriority) {
            boolean start = switch (p.shape) {
                case CART, SERVICE -> type != null && type.equals(p.shape == Shape.CART ? EventType.CART_CHANGE
                        : EventType.SUPPORT_CONTACT);
                case REVIEW -> type != null && type.equals(EventType.PURCHASE) && hasLine(event, p.category);
                case BROWSE -> type != null && type.equals(EventType.PRODUCT_VIEW)
                        && p.category.equals(event.text("category").orElse(null));
                case STORE -> type != null && type.equals(EventType.STORE_VISIT)
                        && p.store.equals(event.text("store").orElse(null));
                case VIP -> after[p.segment] && !before[p.segment];
                case WINBACK -> before[p.segment] && !after[p.segment];
                case INACTIVE -> {
                    if (type != null && type.equals(EventType.PURCHASE)) {
                        long due = event.time().toEpochMilli() + p.periodMillis;
                        if (s.triggerDue[p.index] == NONE || s.triggerDue[p.index] < due) {
                            s.triggerDue[p.index] = due;
                        }
                    }
                    yield false;
                }
                default -> false;
            };
            if (start) {
                changed |= start(s, p, now, sends);
            }
        }
        return changed;
    }

    private static boolean hasLine(Event event, String category) {
        for (Line l : event.lines()) {
            if (l.category().name().equals(category)) {
                return true;
            }
        }
        return false;
    }

    /** Starts the program if re-entry, audience and exit allow, and runs it to its first wait. */
    private boolean start(Programs s, Prog p, long now, List<Send> sends) {
        int i = p.index;
        boolean running = s.journeys[i] != null;
        long last = s.started[i];
        boolean allowed = switch (p.reentry) {
            case ONCE -> last == NONE && !running;
            case ONCE_PER -> !running && (last == NONE || last + p.reentryPeriod <= now);
            case WHEN_DONE -> !running;
            case RESTART -> true;
        };
        if (!allowed || p.def.audience().isPresent() && !s.audience[i]) {
            return false;
        }
        s.journeys[i] = null;
        s.started[i] = now;
        String id = s.customer.id().value();
        boolean control = p.controlShare > 0 && Digests.share(p.name + "|control|" + id) < p.controlShare;
        if (p.shape == Shape.SERVICE && s.exit[i]) { // the exit condition holds before the first step
            message(s, new Msg(p, p.nextSend[0], now, null, p.purpose, Message.Status.SUPPRESSED));
            return false;
        }
        if (p.shape != Shape.VIP) { // every other shape waits first
            s.journeys[i] = new Journey(p.waitsAt, now + p.waitMillis, now, control, "");
            return false;
        }
        // vip: split, send (or wait for the morning), set the attribute
        double x = Digests.share(p.name + "|" + p.splitLabel + "|" + id) * Arrays.stream(p.weights).sum();
        int v = 0;
        while (v < p.weights.length - 1 && (x -= p.weights[v]) >= 0) {
            v++;
        }
        String variant = control ? "" : p.variants[v];
        ZoneId zone = zone(s.customer);
        if (!control && policies.isQuiet(Instant.ofEpochMilli(now).atZone(zone).toLocalTime())) {
            s.journeys[i] = new Journey(p.sends[v], next(now, zone, policies.quietTo()), now, false, variant);
            return false;
        }
        sends.add(new Send(p, p.sends[v], control));
        s.customer = s.customer.withAttribute(new Attribute(p.setName, p.setValue,
                Source.INFERRED, Instant.ofEpochMilli(now)));
        return true;
    }

    /** Keeps each birthday program's next start scheduled for customers who have the date. */
    private void scheduleAnniversaries(Programs s, long now) {
        ZonedDateTime at = null;
        MonthDay day = null;
        for (Prog p : programs) {
            if (p.shape != Shape.BIRTHDAY) {
                continue;
            }
            if (at == null) {
                Attribute date = s.customer.attributes().get(p.attribute);
                if (date == null || !(date.value() instanceof Value.Date d)) {
                    s.triggerDue[p.index] = NONE;
                    continue;
                }
                at = Instant.ofEpochMilli(now).atZone(zone(s.customer));
                day = MonthDay.from(d.value());
            }
            long next = NONE;
            for (int year = at.getYear(); year <= at.getYear() + 1 && next == NONE; year++) {
                LocalDate when = day.isValidYear(year) ? day.atYear(year) : LocalDate.of(year, 2, 28);
                ZonedDateTime t = when.atTime(p.at).atZone(at.getZone());
                if (t.isAfter(at)) {
                    next = t.toInstant().toEpochMilli();
                }
            }
            s.triggerDue[p.index] = next;
        }
    }

    /** Messages decided before and not delivered yet: stopped when the customer withdrew the consent. */
    private static void stopUndelivered(Programs s, Event event) {
        for (Msg m : s.messages) {
            if (m.status == Message.Status.PENDING && !usable(s.customer, m.channel, m.purpose)) {
                m.status = Message.Status.SUPPRESSED;
            }
        }
    }

    /** Decides the sends, highest priority first: channel, consent and identity, then the control group. */
    private static void decide(Programs s, List<Send> sends, long now) {
        if (sends.size() > 1) {
            sends.sort(Comparator.comparingInt((Send x) -> x.program().priority).reversed()
                    .thenComparing(x -> x.program().name));
        }
        for (Send send : sends) {
            Prog p = send.program();
            Message.Status status = !usable(s.customer, p.sendChannel, p.purpose) || send.control()
                    ? Message.Status.SUPPRESSED : Message.Status.PENDING;
            message(s, new Msg(p, send.step(), now, p.sendChannel, p.purpose, status));
        }
    }

    private static boolean usable(Customer c, Channel channel, Purpose purpose) {
        if (!c.hasConsent(channel, purpose)) {
            return false;
        }
        IdentityType address = channel == Channel.EMAIL ? IdentityType.EMAIL : IdentityType.PHONE;
        for (Identity i : c.identities()) {
            if (i.type() == address) {
                return true;
            }
        }
        return false;
    }

    private static void message(Programs s, Msg m) {
        if (s.messages.isEmpty()) {
            s.messages = new ArrayList<>(2);
        }
        s.messages.add(m);
    }

    /** The customer's time zone: the {@code time_zone} attribute, else the policies' default. */
    private ZoneId zone(Customer c) {
        Attribute a = c.attributes().get("time_zone");
        if (a == null) {
            return policies.defaultZone();
        }
        try {
            return ZoneId.of(a.value().asText());
        } catch (DateTimeException e) {
            return policies.defaultZone();
        }
    }

    /** The next moment the local time is {@code time}, after now. */
    private static long next(long now, ZoneId zone, LocalTime time) {
        ZonedDateTime at = Instant.ofEpochMilli(now).atZone(zone);
        ZonedDateTime t = at.toLocalDate().atTime(time).atZone(zone);
        if (!t.isAfter(at)) {
            t = at.toLocalDate().plusDays(1).atTime(time).atZone(zone);
        }
        return t.toInstant().toEpochMilli();
    }

    // ------------------------------------------------------------------ for the agreement test

    /** When each program last started for the customer. */
    SortedMap<String, Instant> starts(Identity customer) {
        TreeMap<String, Instant> out = new TreeMap<>();
        Programs s = (Programs) state(customer);
        if (s != null) {
            for (Prog p : programs) {
                if (s.started[p.index] != NONE) {
                    out.put(p.name, Instant.ofEpochMilli(s.started[p.index]));
                }
            }
        }
        return out;
    }

    /** The customer's waiting journeys and time triggers as {@code program kind step due since}, sorted. */
    List<String> timers(Identity customer) {
        List<String> out = new ArrayList<>();
        Programs s = (Programs) state(customer);
        if (s != null) {
            for (Prog p : programs) {
                Journey j = s.journeys[p.index];
                if (j != null) {
                    out.add(timer(p.name, "RESUME", j.step, Instant.ofEpochMilli(j.due), j.since, j.control, j.variant));
                }
                if (s.triggerDue[p.index] != NONE) {
                    out.add(timer(p.name, "TRIGGER", "", Instant.ofEpochMilli(s.triggerDue[p.index]), false, false,
                            ""));
                }
            }
        }
        out.sort(null);
        return out;
    }

    static String timer(String program, String kind, String step, Instant due, boolean since, boolean control,
                        String variant) {
        return program + " " + kind + " " + step + " " + due + (since ? " since" : "") + (control ? " control" : "")
                + (variant.isEmpty() ? "" : " variant " + variant);
    }

    /** The customer's messages as {@code program step status}, sorted. */
    List<String> messages(Identity customer) {
        List<String> out = new ArrayList<>();
        Programs s = (Programs) state(customer);
        if (s != null) {
            for (Msg m : s.messages) {
                out.add(message(m.program.name, m.step, m.status, Instant.ofEpochMilli(m.decidedAt)));
            }
        }
        out.sort(null);
        return out;
    }

    static String message(String program, String step, Message.Status status, Instant decided) {
        return program + " " + step + " " + status + " " + decided;
    }
}
