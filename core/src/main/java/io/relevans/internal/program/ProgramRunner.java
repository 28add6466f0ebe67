package io.relevans.internal.program;

import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.EventMatch;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.PropertyFilter;
import io.relevans.definition.Reentry;
import io.relevans.definition.Step;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.internal.Digests;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import io.relevans.spi.Timer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs programs for one customer in a {@link Round}: starts journeys on triggers (subject to
 * audience, re-entry and control group), runs their steps until they wait or end, ends them on exit
 * events and conditions, and decides sends through the guards of {@link Policies}, in priority order.
 * Stateless apart from the compiled definitions and settings; thread-safe.
 */
public final class ProgramRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProgramRunner.class);
    private static final int MAX_STEPS_PER_RUN = 200;
    private static final Set<Message.Status> COUNTS_FOR_CAPS =
            Set.of(Message.Status.PENDING, Message.Status.SENT, Message.Status.RETRYING);

    private final CompiledPrograms programs;
    private final Policies policies;
    private final FeaturePlan plan;
    private final Map<Channel, IdentityType> channels;
    /** The decided winners of splits, by {@link #splitKey(String, String)}. */
    private final Map<String, String> winners;
    /** Segments whose entries and exits start no program (a backfill of a feature they test is running). */
    private final Set<String> quiet;
    /** The programs, highest priority first, then by name. */
    private final List<Program> byPriority;
    /** The anniversary-triggered programs, in definition order. */
    private final List<Program> anniversaries;

    /**
     * @param programs the compiled programs
     * @param policies the guards
     * @param plan     the feature plan (for the S10 guard's features)
     * @param channels the channels with an adapter, and the identity kind each addresses
     */
    public ProgramRunner(CompiledPrograms programs, Policies policies, FeaturePlan plan, Map<Channel, IdentityType> channels) {
        this(programs, policies, plan, channels, Map.of(), Set.of());
    }

    private ProgramRunner(CompiledPrograms programs, Policies policies, FeaturePlan plan,
                          Map<Channel, IdentityType> channels, Map<String, String> winners, Set<String> quiet) {
        this.programs = programs;
        this.policies = policies;
        this.plan = plan;
        this.channels = Map.copyOf(channels);
        this.winners = Map.copyOf(winners);
        this.quiet = Set.copyOf(quiet);
        List<Program> sorted = new ArrayList<>(programs.programs());
        sorted.sort(Comparator.comparingInt(Program::priority).reversed().thenComparing(Program::name));
        this.byPriority = List.copyOf(sorted);
        this.anniversaries = programs.programs().stream().filter(p -> p.trigger() instanceof Trigger.OnAnniversary)
                .toList();
    }

    /**
     * This runner with the decided winners of splits: customers who reach such a split while it has its
     * winner rule and the winning variant go to the winner.
     *
     * @param winners the winning variant by {@link #splitKey(String, String)}
     */
    public ProgramRunner withWinners(Map<String, String> winners) {
        return new ProgramRunner(programs, policies, plan, channels, winners, quiet);
    }

    /** This runner reading features through another plan of the same features (one with another model). */
    public ProgramRunner withPlan(FeaturePlan other) {
        return new ProgramRunner(programs, policies, other, channels, winners, quiet);
    }

    /**
     * This runner, starting no program on entries to and exits from the segments given (those that test
     * a feature being backfilled: their memberships may change because the feature is still filling).
     */
    public ProgramRunner withQuiet(Set<String> segments) {
        return new ProgramRunner(programs, policies, plan, channels, winners, segments);
    }

    /** The segments whose entries and exits start no program now. */
    public Set<String> quiet() {
        return quiet;
    }

    /** The key of a program's split among the winners. */
    public static String splitKey(String program, String split) {
        return program + "\u0000" + split;
    }

    /** The compiled programs. */
    public CompiledPrograms programs() {
        return programs;
    }

    /**
     * Notes an event before verdicts are computed: marks "since trigger" matches of running journeys,
     * and ends journeys whose exit events it matches (S3).
     */
    public void observe(Round r, Event event) {
        for (Timer t : List.copyOf(r.timers.values())) {
            if (t.kind() == Timer.Kind.TRIGGER || event.time().isBefore(t.started())) {
                continue;
            }
            Program p = programs.program(t.program());
            if (p == null) {
                continue;
            }
            if (p.exitOn().stream().anyMatch(m -> m.matches(event))) {
                r.timers.remove(t.key());
                recordExit(r, p, Journey.of(t), t.step(), new Refusal("exit: " + event.type() + " after the trigger",
                        Suppression.Guard.EXIT, Map.of("event", event.type().name())));
                continue;
            }
            TreeSet<Integer> flags = null; // a copy once a match is new
            for (CompiledPrograms.Since m : programs.sinceMatches(p.name())) {
                if (m.match().matches(event) && !t.since().contains(m.code())) {
                    if (flags == null) {
                        flags = new TreeSet<>(t.since());
                    }
                    flags.add(m.code());
                }
            }
            if (flags != null) {
                r.timers.put(t.key(), new Timer(t.customer(), t.program(), t.kind(), t.due(), t.step(), t.started(),
                        t.variant(), t.control(), t.trigger(), flags));
            }
        }
    }

    /**
     * Starts the programs the event and the segment changes trigger, and keeps time-based triggers
     * (inactivity, anniversaries) scheduled.
     */
    public void trigger(Round r, Event event, Set<String> entered, Set<String> exited) {
        for (Program p : byPriority) {
            Trigger t = p.trigger();
            if (t instanceof Trigger.OnEvent on && on.match().matches(event)) {
                start(r, p, event);
            } else if (t instanceof Trigger.OnSegment seg && (seg.entered() ? entered : exited).contains(seg.segment())
                    && !quiet.contains(seg.segment())) {
                start(r, p, event);
            } else if (t instanceof Trigger.OnInactivity idle && idle.match().matches(event)) {
                Instant due = event.time().plus(idle.period());
                Timer.Key key = new Timer.Key(r.customer.id(), p.name(), Timer.Kind.TRIGGER);
                Timer known = r.timers.get(key);
                if (known == null || known.due().isBefore(due)) {
                    r.timers.put(key, new Timer(r.customer.id(), p.name(), Timer.Kind.TRIGGER, due, "", event.time(), "",
                            false, event, new TreeSet<>()));
                }
            }
        }
        scheduleAnniversaries(r, event);
    }

    /**
     * What an imported history means for the programs, which it does not run (docs/import.md): a
     * program that starts once, or once per period, counts as started at the last event of the history
     * that matches its event trigger, so that the history's welcome is not sent again; an inactivity
     * trigger is scheduled at the last matching event plus its period when that moment is still ahead
     * (a customer inactive for longer had that start before go-live, and gets none now); anniversaries
     * are scheduled at their next date. Segment-triggered programs start on entries after the import:
     * the memberships the history leaves are stored as they are, not entered.
     *
     * @param history the customer's imported events, in time order
     */
    public void imported(Round r, List<Event> history) {
        if (history.isEmpty()) {
            return;
        }
        for (Program p : programs.programs()) {
            Trigger t = p.trigger();
            boolean once = p.reentry().kind() == Reentry.Kind.ONCE || p.reentry().kind() == Reentry.Kind.ONCE_PER;
            if (t instanceof Trigger.OnEvent on && once) {
                last(history, on.match()).ifPresent(e -> r.starts.merge(p.name(), e.time(),
                        (a, b) -> a.isAfter(b) ? a : b));
            } else if (t instanceof Trigger.OnInactivity idle) {
                Optional<Event> last = last(history, idle.match());
                Instant due = last.map(e -> e.time().plus(idle.period())).orElse(null);
                if (due == null || !due.isAfter(r.at())) {
                    continue;
                }
                Timer.Key key = new Timer.Key(r.customer.id(), p.name(), Timer.Kind.TRIGGER);
                Timer known = r.timers.get(key);
                if (known == null || known.due().isBefore(due)) {
                    r.timers.put(key, new Timer(r.customer.id(), p.name(), Timer.Kind.TRIGGER, due, "",
                            last.get().time(), "", false, last.get(), new TreeSet<>()));
                }
            }
        }
        scheduleAnniversaries(r, history.get(history.size() - 1));
    }

    private static Optional<Event> last(List<Event> history, EventMatch match) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (match.matches(history.get(i))) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the programs that asked to start on the segment changes a backfill makes too ({@code
     * including backfill}); no other program.
     */
    public void triggerOnBackfill(Round r, Event change, Set<String> entered, Set<String> exited) {
        for (Program p : byPriority()) {
            if (p.trigger() instanceof Trigger.OnSegment seg && seg.backfill()
                    && (seg.entered() ? entered : exited).contains(seg.segment())) {
                start(r, p, change);
            }
        }
    }

    /** Keeps each anniversary program's next start scheduled for customers who have the date. */
    void scheduleAnniversaries(Round r, Event event) {
        ZonedDateTime now = null; // in the customer's zone: worked out once for all the programs
        for (Program p : anniversaries) {
            if (!(p.trigger() instanceof Trigger.OnAnniversary a)) {
                continue;
            }
            Timer.Key key = new Timer.Key(r.customer.id(), p.name(), Timer.Kind.TRIGGER);
            Attribute date = r.customer.attributes().get(a.attribute());
            Optional<Instant> next = Optional.empty();
            if (date != null && date.value() instanceof Value.Date d) {
                if (now == null) {
                    now = r.at().atZone(zone(r.customer));
                }
                next = nextAnniversary(now, d, a);
            }
            Timer known = r.timers.get(key);
            if (next.isEmpty()) {
                r.timers.remove(key);
            } else if (known == null || !known.due().equals(next.get())) {
                r.timers.put(key, new Timer(r.customer.id(), p.name(), Timer.Kind.TRIGGER, next.get(), "",
                        r.at(), "", false, event, new TreeSet<>()));
            }
        }
    }

    /** The first moment of the anniversary of the date after {@code now} (in the customer's zone). */
    private static Optional<Instant> nextAnniversary(ZonedDateTime now, Value.Date d, Trigger.OnAnniversary a) {
        ZoneId zone = now.getZone();
        MonthDay day = MonthDay.from(d.value());
        for (int year = now.getYear(); year <= now.getYear() + 1; year++) {
            LocalDate when = day.isValidYear(year) ? day.atYear(year) : LocalDate.of(year, 2, 28);
            ZonedDateTime at = when.atTime(a.at()).atZone(zone);
            if (at.isAfter(now)) {
                return Optional.of(at.toInstant());
            }
        }
        return Optional.empty();
    }

    /** Handles a due timer: resumes a waiting journey or starts a time-triggered one. */
    public void fire(Round r, Timer timer) {
        r.causedBy("timer " + timer.key() + " due " + timer.due());
        Timer current = r.timers.get(timer.key());
        if (current == null || !current.equals(timer)) {
            return; // replaced or cancelled meanwhile
        }
        Program p = programs.program(timer.program());
        if (p == null) {
            r.timers.remove(timer.key());
            LOG.info("program {} is no longer loaded; its timer for {} is dropped", timer.program(), timer.customer());
            return;
        }
        if (timer.kind() == Timer.Kind.TRIGGER) {
            r.timers.remove(timer.key());
            start(r, p, timer.trigger());
            if (p.trigger() instanceof Trigger.OnAnniversary) {
                scheduleAnniversaries(r, timer.trigger()); // next year's
            }
            return;
        }
        int at = p.indexOf(timer.step());
        if (at < 0) {
            r.timers.remove(timer.key());
            LOG.info("program {} no longer has step {}; journey of {} ends", p.name(), timer.step(), timer.customer());
            return;
        }
        if (timer.kind() == Timer.Kind.DEFER) { // the slot a full cap waited for: decide the send again
            r.timers.remove(timer.key());
            Step step = p.steps().get(at);
            if (step instanceof Step.Send || step instanceof Step.Ask) {
                r.sends.add(new Round.SendRequest(Journey.of(timer), step, timer.trigger(), true));
            }
            return;
        }
        // while the journey runs its timer stays, so its "since trigger" matches count; gone unless it waits again
        run(r, p, Journey.of(timer), at);
        if (timer.equals(r.timers.get(timer.key()))) {
            r.timers.remove(timer.key());
        }
    }

    /** Starts a scheduled program for the customer if they are in its audience. */
    public void startScheduled(Round r, Program p, Event tick) {
        start(r, p, tick);
    }

    private void start(Round r, Program p, Event trigger) {
        CustomerId id = r.customer.id();
        Timer.Key key = new Timer.Key(id, p.name(), Timer.Kind.RESUME);
        boolean running = r.timers.containsKey(key);
        Instant last = r.starts.get(p.name());
        Reentry rule = p.reentry();
        boolean allowed = switch (rule.kind()) {
            case ONCE -> last == null && !running;
            case ONCE_PER -> !running && (last == null || !last.plus(rule.period()).isAfter(r.at()));
            case WHEN_DONE -> !running;
            case RESTART -> true;
        };
        if (!allowed) {
            return;
        }
        if (p.audience().isPresent() && !r.holds(CompiledPrograms.audience(p.name()))) {
            return;
        }
        r.timers.remove(key);
        r.starts.put(p.name(), r.at());
        boolean control = Digests.share(p.name() + "|control|" + id.value()) < p.controlShare();
        LOG.debug("program {} starts for {}{}", p.name(), id, control ? " (control group)" : "");
        run(r, p, new Journey(id, p.name(), r.at(), trigger, control, "", new TreeSet<>()), 0);
    }

    private void run(Round r, Program p, Journey j, int from) {
        int at = from;
        for (int n = 0; n < MAX_STEPS_PER_RUN && at < p.steps().size(); n++) {
            if (p.exitWhen().isPresent() && r.holds(CompiledPrograms.exit(p.name()))) {
                recordExit(r, p, j, p.steps().get(at).label(), exitWhen(p));
                return;
            }
            Step step = p.steps().get(at);
            if (step instanceof Step.Wait w) {
                suspend(r, p, j, at + 1, r.at().plus(w.duration()));
                return;
            } else if (step instanceof Step.WaitUntil w) {
                suspend(r, p, j, at + 1, next(r, w.time()));
                return;
            } else if (step instanceof Step.WaitForHours w) {
                LocalTime local = r.at().atZone(zone(r.customer)).toLocalTime();
                if (!inside(local, w.from(), w.to())) {
                    suspend(r, p, j, at + 1, next(r, w.from()));
                    return;
                }
            } else if (step instanceof Step.Branch b) {
                boolean holds = r.holds(CompiledPrograms.branch(p.name(), b.label()));
                at = p.indexOf(holds ? b.then() : b.otherwise());
                continue;
            } else if (step instanceof Step.Split s) {
                Step.Variant v = variant(s, p.name(), j.customer, winners);
                if (!j.control) {
                    j.variant = v.name(); // the control group is one group, compared with every variant
                }
                at = p.indexOf(v.goTo());
                continue;
            } else if (step instanceof Step.Send || step instanceof Step.Ask) {
                LocalTime local = r.at().atZone(zone(r.customer)).toLocalTime();
                if (!j.control && policies.isQuiet(local)) {
                    suspend(r, p, j, at, next(r, policies.quietTo())); // night: wait for morning, not dropped
                    return;
                }
                r.sends.add(new Round.SendRequest(j, step, j.trigger));
            } else if (step instanceof Step.SetAttribute set) {
                r.customer = r.customer.withAttribute(new Attribute(set.name(), set.value(), Source.INFERRED, r.at()));
                r.invalidate();
            } else if (step instanceof Step.ClearAttribute clear) {
                r.customer = r.customer.withoutAttribute(clear.name());
                r.invalidate();
            } else if (step instanceof Step.CallAction call) {
                if (!j.control) {
                    r.actions.add(new Round.ActionCall(call.action(), bind(call.data(), p, j.trigger, r.customer), p.name()));
                }
            } else if (step instanceof Step.GoTo g) {
                at = p.indexOf(g.target());
                continue;
            } else if (step instanceof Step.End) {
                return;
            }
            at++;
        }
        if (at < p.steps().size()) {
            LOG.warn("program {} ran {} steps for {} without waiting; the journey is ended", p.name(),
                    MAX_STEPS_PER_RUN, j.customer);
        }
    }

    private void suspend(Round r, Program p, Journey j, int nextStep, Instant due) {
        if (nextStep >= p.steps().size()) {
            return; // nothing after the wait: the journey is over
        }
        Timer t = j.waitAt(p.steps().get(nextStep).label(), due);
        r.timers.put(t.key(), t);
    }

    private void recordExit(Round r, Program p, Journey j, String fromStep, Refusal reason) {
        int at = p.indexOf(fromStep);
        for (int i = Math.max(0, at); i < p.steps().size(); i++) {
            Step s = p.steps().get(i);
            if (s instanceof Step.Send || s instanceof Step.Ask) {
                r.messages.add(suppressed(r, p, j, s, new Made(id(j, s.label(), r), carried(p, s, j.trigger)),
                        Optional.empty(), reason));
                return;
            }
        }
    }

    /** Decides the round's sends, highest priority first, through every guard; the outcome is in the round. */
    public void decide(Round r, List<Message> history) {
        if (r.sends.isEmpty()) {
            return; // most rounds: nothing to decide
        }
        List<Round.SendRequest> sends = new ArrayList<>(r.sends);
        // highest priority first (reversed, not negated: -Integer.MIN_VALUE is Integer.MIN_VALUE)
        sends.sort(Comparator.comparingInt((Round.SendRequest s) -> programs.loaded(s.journey().program).priority())
                .reversed()
                .thenComparing(s -> s.journey().program));
        List<Message> counted = new ArrayList<>();
        for (Message m : history) {
            if (COUNTS_FOR_CAPS.contains(m.status())) {
                counted.add(m);
            }
        }
        for (Round.SendRequest s : sends) {
            Message m = decide(r, s, counted);
            if (m == null) {
                continue; // waits for a free slot
            }
            r.messages.add(m);
            if (m.status() == Message.Status.PENDING) {
                counted.add(m);
            }
        }
        r.sends.clear();
    }

    private @Nullable Message decide(Round r, Round.SendRequest s, List<Message> counted) {
        Journey j = s.journey();
        Program p = programs.loaded(j.program);
        Step step = s.step();
        Made made = new Made(id(j, step.label(), r), carried(p, step, j.trigger));
        Optional<Refusal> irrelevant = irrelevance(r, p, made.carried());
        if (irrelevant.isPresent()) {
            return suppressed(r, p, j, step, made, Optional.empty(), irrelevant.get());
        }
        ChannelChoice choice = step instanceof Step.Send send ? send.channel() : ((Step.Ask) step).channel();
        Purpose purpose = step instanceof Step.Ask ? Purpose.SURVEYS : p.purpose();
        List<String> rejected = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        Channel chosen = null;
        for (Channel c : candidates(r.customer, choice)) {
            String why = unusable(r, p, c, purpose);
            if (why == null) {
                chosen = c;
                break;
            }
            rejected.add(c + ": " + why);
            seen.put(c.name(), why);
        }
        if (chosen == null) {
            return suppressed(r, p, j, step, made, Optional.empty(), new Refusal(rejected.isEmpty() ? "no channel to choose from"
                    : "no usable channel (" + String.join("; ", rejected) + ")", Suppression.Guard.NO_USABLE_CHANNEL, seen));
        }
        // the message this decision makes may be stored already by an interrupted attempt at the same round:
        // it must not count against itself, or a redo after a crash would decide otherwise
        List<Message> others = counted.stream().anyMatch(m -> m.id().equals(made.id()))
                ? counted.stream().filter(m -> !m.id().equals(made.id())).toList() : counted;
        Optional<FrequencyCap> full = fullCap(r, p, chosen, others);
        if (full.isPresent()) {
            if (!s.deferred() && defer(r, p, j, step, full.get(), others)) {
                return null;
            }
            return suppressed(r, p, j, step, made, Optional.of(chosen), capped(full.get()));
        }
        if (j.control) { // last: the control group holds only customers every other guard let through
            return suppressed(r, p, j, step, made, Optional.of(chosen),
                    new Refusal("control group", Suppression.Guard.CONTROL_GROUP, Map.of("program", p.name())));
        }
        return message(r, p, j, step, made, Optional.of(chosen), purpose, Message.Status.PENDING, "");
    }

    /**
     * Guards at delivery: why a message decided earlier and not delivered yet (pending, retrying after a
     * channel outage, held for quiet hours) must not go out after the round's event, if so. The guards
     * whose answer the event can change are evaluated again on the customer as the round leaves them:
     * the program's exit events (the event, when it happened after the decision) and exit condition,
     * declared disinterest, category exclusions by customer data, no better offer after a purchase, the
     * channel's consent for the message's purpose and identity, an intimate channel's relevance, and the
     * caps over the messages decided before this one (a merge may have brought in others).
     *
     * @param counted the customer's messages that count for caps, the merged profiles' included, in
     *                decision order ({@link #countedForCaps})
     */
    public Optional<Refusal> stopped(Round r, Message m, Event event, List<Message> counted) {
        Program p = programs.program(m.program());
        if (p == null || m.channel().isEmpty()) {
            return Optional.empty(); // a program no longer loaded: its messages go out as decided
        }
        if (!event.time().isBefore(m.decidedAt()) && p.exitOn().stream().anyMatch(x -> x.matches(event))) {
            return Optional.of(new Refusal("exit: " + event.type().name() + " after the message was decided",
                    Suppression.Guard.EXIT, Map.of("event", event.type().name())));
        }
        if (p.exitWhen().isPresent() && r.holds(CompiledPrograms.exit(p.name()))) {
            return Optional.of(exitWhen(p));
        }
        SortedSet<Category> carried = new TreeSet<>(p.promotes());
        carried.addAll(m.categories());
        Optional<Refusal> irrelevant = irrelevance(r, p, carried);
        if (irrelevant.isPresent()) {
            return irrelevant;
        }
        Channel channel = m.channel().get();
        if (!r.customer.hasConsent(channel, m.purpose())) {
            return Optional.of(new Refusal("no consent for " + m.purpose() + " on " + channel + ": withdrawn before delivery",
                    Suppression.Guard.NO_USABLE_CHANNEL, Map.of(channel.name(), "no consent for " + m.purpose())));
        }
        String unusable = unusable(r, p, channel, m.purpose());
        if (unusable != null) {
            return Optional.of(new Refusal(channel + ": " + unusable, Suppression.Guard.NO_USABLE_CHANNEL,
                    Map.of(channel.name(), unusable)));
        }
        int at = java.util.Collections.binarySearch(counted, m, DECISION_ORDER);
        List<Message> before = counted.subList(0, at >= 0 ? at : -at - 1); // those decided before it
        return fullCap(r, p, channel, before).map(ProgramRunner::capped);
    }

    /** Messages in the order they were decided: time, then id. */
    private static final Comparator<Message> DECISION_ORDER = Comparator.comparing(Message::decidedAt)
            .thenComparing(Message::id);

    /**
     * The messages of a history that count for caps, in decision order: what {@link #stopped} takes, worked
     * out once for all the waiting messages of a round.
     */
    public static List<Message> countedForCaps(List<Message> history) {
        List<Message> out = new ArrayList<>();
        for (Message m : history) {
            if (COUNTS_FOR_CAPS.contains(m.status())) {
                out.add(m);
            }
        }
        out.sort(DECISION_ORDER);
        return out;
    }

    /**
     * The product categories a send or ask carries (S2, S21): those its program promotes, of the trigger's
     * lines when it sends them, and of the trigger's product data bound into it (a bound category, or the
     * category of the product a bound sku or price names). A program's {@code promotes} adds to them; it
     * never narrows them. Service messages and questions carry only what their program promotes: a care
     * message about a product bought is not marketing it.
     */
    static SortedSet<Category> carried(Program p, Step step, Event trigger) {
        SortedSet<Category> out = new TreeSet<>(p.promotes());
        if (!(step instanceof Step.Send send) || !p.purpose().equals(Purpose.MARKETING)) {
            return out;
        }
        if (send.withLines()) {
            trigger.lines().forEach(l -> out.add(l.category()));
        }
        boolean productData = false;
        for (Binding b : send.data().values()) {
            if (b instanceof Binding.TriggerProperty t && t.isProductData()) {
                productData = true;
            }
        }
        if (productData) {
            trigger.text("category").ifPresent(c -> category(c).ifPresent(out::add));
            io.relevans.event.Line line = triggerLine(p, trigger);
            if (line != null) {
                out.add(line.category());
            }
        }
        return out;
    }

    private static Optional<Category> category(String name) {
        try {
            return Optional.of(Category.of(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a category name: it names nothing the guards know
        }
    }

    /**
     * Why the categories a message carries are not for this customer now, if they are not (S10, S16, S18,
     * S21): declared disinterest and exclusions look at all of them; the no-better-offer rule at the
     * promoted ones of a price offer.
     */
    private Optional<Refusal> irrelevance(Round r, Program p, java.util.Collection<Category> carried) {
        for (Category c : carried) {
            if (r.customer.interestIn(c).orElse(null) == Interest.NOT_INTERESTED) {
                return Optional.of(new Refusal("declared not interested in " + c, Suppression.Guard.DECLARED_DISINTEREST,
                        Map.of("category", c.name())));
            }
        }
        for (int i = 0; i < programs.exclusions().size(); i++) {
            var ex = programs.exclusions().get(i);
            if (carried.contains(ex.category()) && r.holds(CompiledPrograms.exclusion(i))) {
                return Optional.of(new Refusal("category " + ex.category() + " excluded: " + ex.when().describe(),
                        Suppression.Guard.CATEGORY_EXCLUSION, Map.of("category", ex.category().name(),
                        "condition", ex.when().describe())));
            }
        }
        if (p.offer()) {
            double limit = policies.noBetterOfferAfterPurchase().toMillis() / 86_400_000.0;
            for (Category c : p.promotes()) {
                int f = plan.indexOf(CompiledPrograms.boughtIn(c));
                double days = f < 0 ? Double.NaN : r.features[f];
                if (!Double.isNaN(days) && days <= limit) {
                    String ago = Long.toString(Math.round(Math.floor(days)));
                    String within = policies.noBetterOfferAfterPurchase().toDays() + "d";
                    return Optional.of(new Refusal("bought " + c + " " + ago + " day(s) ago: no better offer within " + within,
                            Suppression.Guard.NO_BETTER_OFFER, Map.of("category", c.name(), "days_since_purchase", ago,
                            "within", within)));
                }
            }
        }
        return Optional.empty();
    }

    /** The channels to try: the customer's preference first when asked for, then the fallback order. */
    static List<Channel> candidates(Customer customer, ChannelChoice choice) {
        LinkedHashSet<Channel> order = new LinkedHashSet<>();
        if (choice.preferred()) {
            order.addAll(customer.channels().order());
        }
        order.addAll(choice.order());
        return List.copyOf(order);
    }

    private @Nullable String unusable(Round r, Program p, Channel c, Purpose purpose) {
        IdentityType address = channels.get(c);
        if (address == null) {
            return "no adapter";
        }
        if (!r.customer.hasConsent(c, purpose)) {
            return "no consent for " + purpose;
        }
        if (r.customer.identities().stream().noneMatch(i -> i.type() == address)) {
            return "no " + address.jsonName() + " identity";
        }
        if (purpose.equals(Purpose.MARKETING) && policies.intimateChannels().contains(c)
                && !r.holds(CompiledPrograms.relevant(p.name()))) {
            return "not relevant enough for an intimate channel";
        }
        return null;
    }

    private Optional<FrequencyCap> fullCap(Round r, Program p, Channel channel, List<Message> counted) {
        List<FrequencyCap> caps = new ArrayList<>(p.caps());
        caps.addAll(policies.caps());
        for (FrequencyCap cap : caps) {
            if (cap.channel().isPresent() && !cap.channel().get().equals(channel)) {
                continue;
            }
            Instant from = r.at().minus(cap.period());
            long used = counted.stream().filter(m -> m.decidedAt().isAfter(from) && counts(cap, m)).count();
            if (used >= cap.max()) {
                return Optional.of(cap);
            }
        }
        return Optional.empty();
    }

    /**
     * What a decision of a send or ask makes whatever its outcome: the message's id (stable across redos)
     * and the categories it carries; worked out once per decision.
     */
    private record Made(String id, SortedSet<Category> carried) {
    }

    private Message suppressed(Round r, Program p, Journey j, Step step, Made made, Optional<Channel> channel,
                               Refusal why) {
        Purpose purpose = step instanceof Step.Ask ? Purpose.SURVEYS : p.purpose();
        LOG.debug("program {} step {} for {}: suppressed, {}", p.name(), step.label(), j.customer, why.reason());
        return message(r, p, j, step, made, channel, purpose, Message.Status.SUPPRESSED, why.reason()).suppressedBy(
                Suppression.of(why.guard(), Suppression.Moment.DECISION, r.at(), why.seen()), why.reason());
    }

    /**
     * Lets a capped send wait for the cap's next free slot when the cap allows waiting that long and no
     * other send of the program waits already: a timer decides it again then, with every guard (a send
     * decided meanwhile may take the slot first; then it is capped for good).
     *
     * @return whether it waits
     */
    private boolean defer(Round r, Program p, Journey j, Step step, FrequencyCap cap, List<Message> counted) {
        if (cap.defer().isZero()) {
            return false;
        }
        Instant from = r.at().minus(cap.period());
        List<Instant> in = counted.stream().filter(m -> m.decidedAt().isAfter(from) && counts(cap, m))
                .map(Message::decidedAt).sorted().toList();
        int leaving = in.size() - cap.max(); // this many must leave the window before one is free
        if (leaving < 0 || leaving >= in.size()) {
            return false;
        }
        Instant slot = in.get(leaving).plus(cap.period()); // the window then starts after it
        Timer wait = new Timer(j.customer, p.name(), Timer.Kind.DEFER, slot, step.label(), j.started, j.variant,
                j.control, j.trigger, j.since);
        Timer other = r.timers.get(wait.key());
        // another send of the program waits already; the same one may, stored by an interrupted attempt
        if (slot.isAfter(r.at().plus(cap.defer())) || other != null && !other.equals(wait)) {
            return false;
        }
        r.timers.put(wait.key(), wait);
        LOG.debug("program {} step {} for {}: {} full, waits until {}", p.name(), step.label(), j.customer,
                cap.describe(), slot);
        return true;
    }

    /** The refusal of a program's exit condition, which holds for the customer. */
    private static Refusal exitWhen(Program p) {
        String condition = p.exitWhen().orElseThrow().describe();
        return new Refusal("exit: " + condition, Suppression.Guard.EXIT, Map.of("condition", condition));
    }

    /** Whether a message counts for the cap: one of its program or channel, when it has one. */
    private static boolean counts(FrequencyCap cap, Message m) {
        return cap.program().map(m.program()::equals).orElse(true)
                && cap.channel().map(c -> m.channel().equals(Optional.of(c))).orElse(true);
    }

    private static Refusal capped(FrequencyCap cap) {
        return new Refusal("capped: " + cap.describe(), Suppression.Guard.CAP, Map.of("cap", cap.describe()));
    }

    private Message message(Round r, Program p, Journey j, Step step, Made made, Optional<Channel> channel,
                            Purpose purpose, Message.Status status, String reason) {
        String template;
        SortedMap<String, Value> data;
        List<io.relevans.event.Line> lines = List.of();
        if (step instanceof Step.Send send) {
            template = send.template();
            data = bind(send.data(), p, j.trigger, r.customer);
            if (send.withLines()) {
                lines = j.trigger.lines();
            }
        } else {
            Step.Ask ask = (Step.Ask) step;
            template = ask.template();
            data = bind(ask.data(), p, j.trigger, r.customer);
            data.put("question", Value.of(ask.question().name().toLowerCase(java.util.Locale.ROOT)));
            if (!ask.attribute().isEmpty()) {
                data.put("attribute", Value.of(ask.attribute()));
            }
        }
        return new Message(made.id(), j.customer, p.name(), step.label(), j.variant, channel, template, purpose, data,
                lines, r.at(), status, reason, 0, r.at(), new TreeMap<>(), made.carried());
    }

    static SortedMap<String, Value> bind(Map<String, Binding> bindings, Program p, Event trigger, Customer customer) {
        TreeMap<String, Value> out = new TreeMap<>();
        io.relevans.event.Line line = triggerLine(p, trigger);
        bindings.forEach((name, b) -> {
            Value v = null;
            if (b instanceof Binding.TriggerProperty t) {
                v = PropertyFilter.valueOf(trigger, line, t.property());
            } else if (b instanceof Binding.CustomerAttribute a) {
                v = customer.attribute(a.name()).map(Attribute::value).orElse(null);
            } else if (b instanceof Binding.Constant c) {
                v = c.value();
            }
            if (v != null) {
                out.put(name, v);
            }
        });
        return out;
    }

    /**
     * The trigger line that {@code line.*} bindings read: the first line that passes the line filters of
     * the program's trigger match (the tv of a basket that also holds a cable, S7), else the first line.
     */
    static io.relevans.event.@Nullable Line triggerLine(Program p, Event trigger) {
        if (trigger.lines().isEmpty()) {
            return null;
        }
        EventMatch match = p.trigger() instanceof Trigger.OnEvent on ? on.match()
                : p.trigger() instanceof Trigger.OnInactivity idle ? idle.match() : null;
        if (match != null && match.type().equals(trigger.type())
                && match.filters().stream().anyMatch(PropertyFilter::isLineFilter)) {
            for (io.relevans.event.Line l : trigger.lines()) {
                if (match.filters().stream().allMatch(f -> f.test(trigger, l))) {
                    return l;
                }
            }
        }
        return trigger.lines().get(0);
    }

    /**
     * A message's id, its idempotency key: from the journey, the step and what the round works on (the
     * event or due timer), so that the same decision made again after a crash, even at a later moment,
     * is stored once; the moment stands in only for rounds without such a cause.
     */
    private static String id(Journey j, String step, Round r) {
        String key = j.customer.value() + "|" + j.program + "|" + j.trigger.id() + "|" + step + "|"
                + (r.cause().isEmpty() ? j.started + "|" + r.at() : r.cause());
        return "m-" + HexFormat.of().formatHex(Digests.sha256(key), 0, 12);
    }

    private List<Program> byPriority() {
        return byPriority;
    }

    /**
     * The customer's variant: the decided winner while the split has its winner rule and that variant,
     * else by weight, a deterministic function of program and customer.
     */
    static Step.Variant variant(Step.Split split, String program, CustomerId customer, Map<String, String> winners) {
        String winner = split.winner().isPresent() ? winners.get(splitKey(program, split.label())) : null;
        if (winner != null) {
            for (Step.Variant v : split.variants()) {
                if (v.name().equals(winner)) {
                    return v;
                }
            }
        }
        int total = split.variants().stream().mapToInt(Step.Variant::weight).sum();
        double x = Digests.share(program + "|" + split.label() + "|" + customer.value()) * total;
        for (Step.Variant v : split.variants()) {
            x -= v.weight();
            if (x < 0) {
                return v;
            }
        }
        return split.variants().get(split.variants().size() - 1);
    }

    /** The customer's time zone: the {@code time_zone} attribute, else the policies' default. */
    ZoneId zone(Customer customer) {
        return customer.attribute("time_zone").map(a -> {
            try {
                return ZoneId.of(a.value().asText());
            } catch (java.time.DateTimeException e) {
                return policies.defaultZone();
            }
        }).orElse(policies.defaultZone());
    }

    private Instant next(Round r, LocalTime time) {
        ZonedDateTime now = r.at().atZone(zone(r.customer));
        ZonedDateTime at = now.toLocalDate().atTime(time).atZone(now.getZone());
        if (!at.isAfter(now)) {
            at = now.toLocalDate().plusDays(1).atTime(time).atZone(now.getZone());
        }
        return at.toInstant();
    }

    private static boolean inside(LocalTime t, LocalTime from, LocalTime to) {
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** Records feedback and conversions an event brings for the customer's earlier messages (S9). */
    public List<Message> outcomes(Event event, List<Message> history) {
        List<Message> changed = new ArrayList<>();
        String outcome = switch (event.type().name()) {
            case "message_delivered" -> "delivered";
            case "message_opened" -> "opened";
            case "message_clicked" -> "clicked";
            case "message_bounced" -> "bounced";
            case "message_unsubscribed" -> "unsubscribed";
            default -> null;
        };
        if (outcome != null) {
            String id = event.text("message_id").orElse("");
            for (Message m : history) {
                if (m.id().equals(id)) {
                    Message updated = m.withOutcome(outcome, event.time());
                    if (outcome.equals("clicked")) {
                        updated = updated.withOutcome("opened", event.time()); // a click implies an open
                    }
                    if (!updated.equals(m)) {
                        changed.add(updated);
                    }
                }
            }
        }
        for (Message m : history) {
            Program p = programs.program(m.program());
            if (p == null || p.goal().isEmpty() || m.outcomes().containsKey("converted")) {
                continue;
            }
            // every message results() counts as decided, from its decision on: a purchase between the decision
            // and the delivery counts as in the control group, whose conversions count from the decision too
            boolean counts = m.status() != Message.Status.SUPPRESSED || m.reason().equals("control group");
            var goal = p.goal().get();
            if (counts && goal.match().matches(event) && !event.time().isBefore(m.decidedAt())
                    && !event.time().isAfter(m.decidedAt().plus(goal.window()))) {
                changed.add(m.withOutcome("converted", event.time()));
            }
        }
        return changed;
    }

    /** The offers of eligible programs for the customer now, best first (S22). */
    public List<Program> offers(Round r) {
        List<Program> out = new ArrayList<>();
        for (Program p : byPriority()) {
            if (p.promotes().isEmpty()) {
                continue;
            }
            if (p.audience().isPresent() && !r.holds(CompiledPrograms.audience(p.name()))) {
                continue;
            }
            if (Digests.share(p.name() + "|control|" + r.customer.id().value()) < p.controlShare()) {
                continue;
            }
            if (irrelevance(r, p, p.promotes()).isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** A tick event for scheduled programs, about the customer named by the identity. */
    public static Event scheduleEvent(Identity who, Instant at, String program) {
        return Event.builder(EventType.of("program_schedule"), who, at).origin(io.relevans.event.Origin.SYSTEM)
                .property("program", program).build();
    }
}
