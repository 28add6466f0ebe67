package io.relevans.definition;

import io.relevans.customer.Category;
import io.relevans.customer.Purpose;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An always-on program (S2): a trigger, an audience, steps, and the rules around it. The engine runs
 * it for every customer it triggers for and applies the guards of {@link Policies} after the
 * program's own logic.
 *
 * <pre>{@code
 * Program.named("abandoned_cart")
 *        .on(Trigger.event(EventMatch.of(EventType.CART_CHANGE)))
 *        .exitOn(EventMatch.of(EventType.PURCHASE))
 *        .reentry(Reentry.RESTART)
 *        .controlShare(0.1)
 *        .steps(new Step.Wait("wait", Duration.ofHours(4)),
 *               Steps.send("remind", ChannelChoice.preferred(Channel.EMAIL), "cart_reminder").withLines().build())
 *        .build();
 * }</pre>
 *
 * @param name          unique name
 * @param description   what it is for
 * @param trigger       what starts it
 * @param audience      who it is for, checked at the start; empty for everyone
 * @param steps         the steps, labels unique
 * @param exitOn        events that end it for the customer when they happen after the start (S3)
 * @param exitWhen      a condition that ends it when it holds before a step
 * @param reentry       whether a customer can go through it again
 * @param controlShare  the share of its audience that gets nothing, 0 to 0.5 (S5)
 * @param caps          caps on this program's messages (S4)
 * @param priority      which program wins a contested slot under a cap; higher wins
 * @param purpose       the consent purpose its messages need (marketing, service, surveys)
 * @param promotes      the categories it promotes, for the relevance guards
 * @param offer         whether its messages offer a price: then none goes to a customer who bought a
 *                      promoted category within {@link Policies#noBetterOfferAfterPurchase()} (S10)
 * @param highRelevance when it holds, the message is relevant enough for intimate channels (S16)
 * @param goal          what counts as a conversion (S9)
 */
public record Program(String name, String description, Trigger trigger, Optional<Condition> audience,
                      List<Step> steps, List<EventMatch> exitOn, Optional<Condition> exitWhen, Reentry reentry,
                      double controlShare, List<FrequencyCap> caps, int priority, Purpose purpose,
                      SortedSet<Category> promotes, boolean offer, Optional<Condition> highRelevance,
                      Optional<ConversionGoal> goal) {

    /** @throws IllegalArgumentException naming the program and what is wrong */
    public Program {
        Segment.checkName(name);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(trigger, "trigger of program " + name);
        Objects.requireNonNull(audience, "audience");
        steps = List.copyOf(steps);
        exitOn = List.copyOf(exitOn);
        Objects.requireNonNull(exitWhen, "exit condition");
        Objects.requireNonNull(reentry, "reentry");
        caps = List.copyOf(caps);
        Objects.requireNonNull(purpose, "purpose");
        promotes = Collections.unmodifiableSortedSet(new TreeSet<>(promotes));
        Objects.requireNonNull(highRelevance, "high relevance");
        Objects.requireNonNull(goal, "goal");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("program '" + name + "' has no steps");
        }
        if (!(controlShare >= 0 && controlShare <= 0.5)) {
            throw new IllegalArgumentException("control share of program '" + name + "' must be 0 to 0.5, got "
                    + controlShare);
        }
        Set<String> labels = new HashSet<>();
        for (Step s : steps) {
            if (!labels.add(s.label())) {
                throw new IllegalArgumentException("program '" + name + "' has two steps labelled '" + s.label() + "'");
            }
        }
        for (Step s : steps) {
            for (String target : targets(s)) {
                if (!labels.contains(target)) {
                    throw new IllegalArgumentException("step '" + s.label() + "' of program '" + name
                            + "' goes to unknown step '" + target + "'; steps: " + labels.stream().sorted().toList());
                }
            }
        }
        checkWinnerRules(name, steps, goal);
        for (FrequencyCap cap : caps) {
            if (!cap.program().equals(Optional.of(name))) {
                throw new IllegalArgumentException("program '" + name + "' has a cap for another scope: "
                        + cap.describe());
            }
        }
    }

    /**
     * A split that picks a winner needs the program's conversion goal, and variant names of its own: the
     * figures of a variant are those of the messages carrying its name.
     */
    private static void checkWinnerRules(String name, List<Step> steps, Optional<ConversionGoal> goal) {
        List<String> problems = new ArrayList<>();
        for (Step s : steps) {
            if (!(s instanceof Step.Split split) || split.winner().isEmpty()) {
                continue;
            }
            if (goal.isEmpty()) {
                problems.add("split '" + split.label() + "' of program '" + name + "' picks a winner by the program's "
                        + "conversion goal, but the program has no goal: add one, such as .goal(EventMatch.of("
                        + "EventType.PURCHASE), Duration.ofDays(7)) (in the language: goal purchase within 7d)");
            }
            for (Step other : steps) {
                if (other != s && other instanceof Step.Split o) {
                    for (Step.Variant v : split.variants()) {
                        if (o.variants().stream().anyMatch(w -> w.name().equals(v.name()))) {
                            problems.add("split '" + split.label() + "' of program '" + name + "' picks a winner, so "
                                    + "its variant names must be its own, but '" + v.name()
                                    + "' is also a variant of split '" + o.label() + "'");
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
    }

    /** The labels a step may jump to. */
    static List<String> targets(Step s) {
        if (s instanceof Step.Branch b) {
            return List.of(b.then(), b.otherwise());
        }
        if (s instanceof Step.Split split) {
            return split.variants().stream().map(Step.Variant::goTo).toList();
        }
        if (s instanceof Step.GoTo g) {
            return List.of(g.target());
        }
        return List.of();
    }

    /** The index of the step with the label, or -1. */
    public int indexOf(String label) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    /** Starts a program definition. */
    public static Builder named(String name) {
        return new Builder(Segment.checkName(name));
    }

    /** Builds a {@link Program}; defaults: everyone, re-entry when done, no control group, marketing. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private @Nullable Trigger trigger;
        private @Nullable Condition audience;
        private final List<Step> steps = new ArrayList<>();
        private final List<EventMatch> exitOn = new ArrayList<>();
        private @Nullable Condition exitWhen;
        private Reentry reentry = Reentry.WHEN_DONE;
        private double controlShare;
        private final List<FrequencyCap> caps = new ArrayList<>();
        private int priority;
        private Purpose purpose = Purpose.MARKETING;
        private final Set<Category> promotes = new TreeSet<>();
        private boolean offer;
        private @Nullable Condition highRelevance;
        private @Nullable ConversionGoal goal;

        private Builder(String name) {
            this.name = name;
        }

        /** Sets the description. */
        public Builder describedAs(String text) {
            this.description = Objects.requireNonNull(text, "description");
            return this;
        }

        /** Sets the trigger. */
        public Builder on(Trigger trigger) {
            this.trigger = Objects.requireNonNull(trigger, "trigger");
            return this;
        }

        /** Sets who the program is for. */
        public Builder audience(Condition audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        /** Adds steps. */
        public Builder steps(Step... more) {
            steps.addAll(List.of(more));
            return this;
        }

        /** Ends the program when a matching event happens after the start. */
        public Builder exitOn(EventMatch match) {
            exitOn.add(Objects.requireNonNull(match, "match"));
            return this;
        }

        /** Ends the program when the condition holds before a step. */
        public Builder exitWhen(Condition condition) {
            this.exitWhen = Objects.requireNonNull(condition, "condition");
            return this;
        }

        /** Sets the re-entry rule. */
        public Builder reentry(Reentry rule) {
            this.reentry = Objects.requireNonNull(rule, "reentry");
            return this;
        }

        /** Sets the control group share (S5). */
        public Builder controlShare(double share) {
            this.controlShare = share;
            return this;
        }

        /** Caps this program's messages per customer. */
        public Builder cap(int max, Duration period) {
            caps.add(FrequencyCap.perProgram(name, max, period));
            return this;
        }

        /**
         * Adds a cap for this program whose capped messages wait up to {@code defer} for a free slot
         * ({@code cap 1 per 7d defer up to 3d} in the language).
         */
        public Builder cap(int max, Duration period, Duration defer) {
            caps.add(FrequencyCap.perProgram(name, max, period).deferUpTo(defer));
            return this;
        }

        /** Sets the priority; higher wins a contested slot. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** Sets the consent purpose its messages need. */
        public Builder purpose(Purpose purpose) {
            this.purpose = Objects.requireNonNull(purpose, "purpose");
            return this;
        }

        /** Declares categories the program promotes. */
        public Builder promotes(String... categories) {
            for (String c : categories) {
                promotes.add(Category.of(c));
            }
            return this;
        }

        /** Marks the program's messages as price offers (S10). */
        public Builder offer() {
            this.offer = true;
            return this;
        }

        /** Sets when the message is relevant enough for intimate channels (S16). */
        public Builder highRelevance(Condition condition) {
            this.highRelevance = Objects.requireNonNull(condition, "condition");
            return this;
        }

        /** Sets the conversion goal (S9). */
        public Builder goal(EventMatch match, Duration window) {
            this.goal = new ConversionGoal(match, window);
            return this;
        }

        /** @throws IllegalArgumentException naming what is missing or wrong */
        public Program build() {
            if (trigger == null) {
                throw new IllegalArgumentException("program '" + name + "' has no trigger");
            }
            return new Program(name, description, trigger, Optional.ofNullable(audience), steps, exitOn,
                    Optional.ofNullable(exitWhen), reentry, controlShare, caps, priority, purpose, new TreeSet<>(promotes),
                    offer, Optional.ofNullable(highRelevance), Optional.ofNullable(goal));
        }
    }
}
