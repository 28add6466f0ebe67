package io.relevans.program;

import static io.relevans.definition.Conditions.hasConsent;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Reentry;
import io.relevans.definition.Step;
import io.relevans.definition.Steps;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.internal.step.CustomerStep;
import io.relevans.internal.step.StepOutcome;
import io.relevans.json.CustomerJson;
import io.relevans.program.ProgramWorkload.Run;
import io.relevans.program.ProgramWorkload.Script;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Message;
import io.relevans.spi.StoredCustomer;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The programs' hidden conditions (audiences, exit conditions, branches, high relevance, category
 * exclusions) are evaluated only when a program asks for one; the answers are those of evaluating every
 * hidden condition with the segments on every evaluation. Over random streams of the program workload
 * (with two more programs that have audiences, an exit condition and a branch on features), before every
 * event the engine ingests and every tick (due timers, re-segmentation, offers), the step that evaluates
 * on demand and the step that evaluates everything are given the same stored state and input: they ask
 * for the same conditions in the same order, get the same answers, and decide the same outcome (record,
 * messages, timers, segment changes, actions).
 */
class TrackedConditionsProperties {

    @Provide
    Arbitrary<Set<String>> programSets() {
        return Arbitraries.of(ProgramWorkload.SHAPES).set().ofMinSize(2).ofMaxSize(ProgramWorkload.SHAPES.size());
    }

    @Provide
    Arbitrary<Script> scripts() {
        return ProgramWorkload.scripts(10, 50);
    }

    @Property(tries = 30, shrinking = ShrinkingMode.BOUNDED)
    void conditionsAskedFor_answerAsWhenEveryConditionIsEvaluated(@ForAll("programSets") Set<String> shapes,
                                                                  @ForAll @IntRange(min = 0, max = 3) int caps,
                                                                  @ForAll("scripts") Script script) {
        Definitions definitions = definitions(shapes, caps);
        Run run = new Run(definitions);
        List<String> trackedLog = new ArrayList<>();
        List<String> referenceLog = new ArrayList<>();
        CustomerStep compiled = CustomerStep.compile(definitions, ProgramWorkload.templates(), ProgramWorkload.ADDRESSES);
        CustomerStep tracked = compiled.tellingConsults((name, held) -> trackedLog.add(name + "=" + held));
        CustomerStep reference = compiled.evaluatingEveryCondition()
                .tellingConsults((name, held) -> referenceLog.add(name + "=" + held));
        Pair steps = new Pair(tracked, reference, trackedLog, referenceLog);
        run.beforeIngest = e -> steps.ingest(run, e);
        run.beforeTick = () -> steps.tick(run);
        run.setUp(script.consents());
        run.play(script.actions());
        run.idle(Duration.ofDays(3));
        Statistics.label("conditions asked for").collect(steps.consults == 0 ? "none"
                : steps.consults < 20 ? "1-19" : "20 or more");
    }

    /** The workload's programs with two more: audiences, an exit condition, a branch on a feature. */
    static Definitions definitions(Set<String> shapes, int caps) {
        Definitions.Builder b = Definitions.builder().segments(ProgramWorkload.SEGMENTS)
                .policies(ProgramWorkload.policies(caps));
        for (String s : ProgramWorkload.SHAPES) {
            if (shapes.contains(s)) {
                b.program(ProgramWorkload.shape(s));
            }
        }
        b.program(Program.named("gate")
                .on(Trigger.event(EventMatch.of(EventType.PRODUCT_VIEW).where("category", "tv")))
                .audience(hasConsent(Channel.EMAIL, Purpose.MARKETING)).reentry(Reentry.oncePer(Duration.ofHours(6)))
                .exitWhen(Features.count(EventType.COMPLAINT).within(Window.days(7)).atLeast(1)).priority(6)
                .promotes("tv").highRelevance(inSegment("big_spender"))
                .steps(Steps.wait("wait", Duration.ofHours(1)),
                        new Step.Branch("spent", Features.sum(EventType.PURCHASE, "line.amount").within(Window.days(30))
                                .greaterThan(2_000), "thanks", "done"),
                        Steps.send("thanks", ChannelChoice.preferred(Channel.SMS, Channel.EMAIL), "welcome").build(),
                        Steps.end("done"))
                .build());
        b.program(Program.named("kids").on(Trigger.event(EventMatch.of(EventType.SUPPORT_CONTACT)))
                .audience(not(inSegment("gold"))).reentry(Reentry.oncePer(Duration.ofDays(1))).promotes("balcony")
                .priority(7)
                .steps(Steps.send("hello", ChannelChoice.preferred(Channel.PUSH, Channel.EMAIL), "care").build())
                .build());
        return b.build();
    }

    /** The two steps, their logs of conditions asked for, and how many were asked for in all. */
    static final class Pair {
        final CustomerStep tracked;
        final CustomerStep reference;
        final List<String> trackedLog;
        final List<String> referenceLog;
        int consults;

        Pair(CustomerStep tracked, CustomerStep reference, List<String> trackedLog, List<String> referenceLog) {
            this.tracked = tracked;
            this.reference = reference;
            this.trackedLog = trackedLog;
            this.referenceLog = referenceLog;
        }

        /** Both steps ingest the event from the stored state; the same answers and outcome. */
        void ingest(Run run, Event event) {
            long now = run.clock.millis();
            TreeSet<CustomerId> ids = new TreeSet<>();
            run.store.lookup(event.customer()).ifPresent(ids::add);
            for (Identity link : event.links()) {
                run.store.lookup(link).ifPresent(ids::add);
            }
            List<StoredCustomer> records = new ArrayList<>();
            for (CustomerId id : ids) {
                records.add(new StoredCustomer(run.store.load(id).orElseThrow(), 3));
            }
            CustomerId survivor = ids.isEmpty() ? CustomerId.derivedFrom(event.customer()) : ids.first();
            List<Timer> timers = run.timers.of(survivor);
            List<Message> history = run.outbox.of(survivor);
            List<Message> mergedAway = new ArrayList<>();
            List<Timer> mergedTimers = new ArrayList<>();
            ids.tailSet(survivor, false).forEach(id -> {
                mergedAway.addAll(run.outbox.of(id));
                mergedTimers.addAll(run.timers.of(id));
            });
            compare("ingest " + event, s -> s.ingest(event, records, timers, history, mergedAway, mergedTimers, now));
        }

        /** Both steps fire every due timer, re-segment every customer and read their offers. */
        void tick(Run run) {
            long now = run.clock.millis();
            for (int who = 0; who < ProgramWorkload.CUSTOMERS; who++) {
                CustomerId id = ProgramWorkload.id(who);
                CustomerRecord rec = run.store.load(id).orElse(null);
                if (rec == null) {
                    continue;
                }
                StoredCustomer stored = new StoredCustomer(rec, 5);
                List<Timer> timers = run.timers.of(id);
                List<Message> history = run.outbox.of(id);
                for (Timer t : timers) {
                    if (!t.due().isAfter(run.clock.instant())) {
                        compare("fire " + t, s -> s.fire(stored, timers, history, t, now));
                    }
                }
                compare("resegment " + id, s -> s.resegment(stored, timers, history, now));
                trackedLog.clear();
                referenceLog.clear();
                List<String> offers = tracked.runner().offers(tracked.view(rec, timers, now)).stream()
                        .map(Program::name).toList();
                List<String> reference = this.reference.runner().offers(this.reference.view(rec, timers, now))
                        .stream().map(Program::name).toList();
                assertEquals(reference, offers, "offers of " + id);
                assertEquals(referenceLog, trackedLog, "conditions asked for by the offers of " + id);
                consults += trackedLog.size();
            }
        }

        private void compare(String input, java.util.function.Function<CustomerStep, StepOutcome> work) {
            trackedLog.clear();
            referenceLog.clear();
            StepOutcome a = work.apply(tracked);
            StepOutcome b = work.apply(reference);
            assertEquals(referenceLog, trackedLog, "conditions asked for, and their answers: " + input);
            consults += trackedLog.size();
            assertEquals(b.commit(), a.commit(), "the same commit: " + input);
            a.commit().ifPresent(c -> {
                CustomerRecord r = b.commit().orElseThrow().record();
                assertEquals(CustomerJson.write(r.customer()), CustomerJson.write(c.record().customer()), input);
                assertArrayEquals(r.features().toBytes(), c.record().features().toBytes(), input);
            });
            assertEquals(b.actions(), a.actions(), input);
            assertEquals(b.segments(), a.segments(), input);
            assertEquals(b.entered(), a.entered(), input);
            assertEquals(b.exited(), a.exited(), input);
            assertEquals(b.changes(), a.changes(), input);
        }
    }
}
