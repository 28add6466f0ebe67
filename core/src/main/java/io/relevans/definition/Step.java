package io.relevans.definition;

import io.relevans.customer.Attribute;
import io.relevans.customer.Value;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One step of a program. Steps are a list with unique labels; after a step the next one in the list
 * runs, unless the step jumps ({@link Branch}, {@link Split}, {@link GoTo}) or ends ({@link End}). A
 * customer waiting in a program is at a labelled step, so a reloaded program keeps them in place when
 * it still has that label.
 */
public sealed interface Step permits Step.Wait, Step.WaitUntil, Step.WaitForHours, Step.Branch, Step.Split,
        Step.Send, Step.Ask, Step.SetAttribute, Step.ClearAttribute, Step.CallAction, Step.GoTo, Step.End {

    /** The step's label, unique in its program. */
    String label();

    /** The step as text. */
    String describe();

    /**
     * Checks a step label: a letter, then up to 63 letters, digits, '_' or '-'.
     *
     * @throws IllegalArgumentException naming the bad label
     */
    static String checkLabel(String label) {
        Objects.requireNonNull(label, "step label");
        if (!Labels.LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("invalid step label '" + label
                    + "': use a letter followed by up to 63 letters, digits, '_' or '-'");
        }
        return label;
    }

    /**
     * Waits for a duration.
     *
     * @param label    the label
     * @param duration how long, positive
     */
    record Wait(String label, Duration duration) implements Step {
        /** @throws IllegalArgumentException when the duration is not positive */
        public Wait {
            checkLabel(label);
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("wait '" + label + "' needs a positive duration, got " + duration);
            }
            Limits.duration("wait '" + label + "'", duration);
        }

        @Override
        public String describe() {
            return "wait " + Conditions.duration(duration);
        }
    }

    /**
     * Waits until the next moment the customer's clock shows a time of day.
     *
     * @param label the label
     * @param time  the local time
     */
    record WaitUntil(String label, LocalTime time) implements Step {
        /** Never null. */
        public WaitUntil {
            checkLabel(label);
            Objects.requireNonNull(time, "time");
        }

        @Override
        public String describe() {
            return "wait until " + time;
        }
    }

    /**
     * Waits, if needed, until the customer's local time is inside allowed hours.
     *
     * @param label the label
     * @param from  start of the allowed hours
     * @param to    end of the allowed hours (may be before {@code from}: the hours then span midnight)
     */
    record WaitForHours(String label, LocalTime from, LocalTime to) implements Step {
        /** @throws IllegalArgumentException when from equals to */
        public WaitForHours {
            checkLabel(label);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.equals(to)) {
                throw new IllegalArgumentException("allowed hours of '" + label + "' are empty: " + from + "-" + to);
            }
        }

        @Override
        public String describe() {
            return "wait for hours " + from + "-" + to;
        }
    }

    /**
     * Jumps to one of two labels depending on a condition over the customer and what happened since the
     * trigger ({@link Condition.SinceTrigger}).
     *
     * @param label     the label
     * @param condition the condition
     * @param then      the label to go to when it holds
     * @param otherwise the label to go to when it does not
     */
    record Branch(String label, Condition condition, String then, String otherwise) implements Step {
        /** Validates labels. */
        public Branch {
            checkLabel(label);
            Objects.requireNonNull(condition, "condition");
            checkLabel(then);
            checkLabel(otherwise);
        }

        @Override
        public String describe() {
            return "if " + condition.describe() + " go to " + then + " else " + otherwise;
        }
    }

    /**
     * An A/B split: the customer goes to one variant, chosen by weight as a deterministic function of
     * program and customer. A split may pick a winner ({@link WinnerRule}): once the rule has decided,
     * customers who reach the split go to the winning variant, while those already in a variant stay in
     * theirs.
     *
     * <pre>{@code
     * new Step.Split("ab", List.of(new Step.Variant("short", 50, "a"), new Step.Variant("long", 50, "b")))
     *         .pickWinner(500, 0.95)   // split short 50% -> a, long 50% -> b, pick winner after 500 per variant at 95%
     * }</pre>
     *
     * @param label    the label
     * @param variants at least two variants
     * @param winner   how the split picks a winner by the program's conversion goal; empty: it never does
     */
    record Split(String label, List<Variant> variants, Optional<WinnerRule> winner) implements Step {
        /** @throws IllegalArgumentException with fewer than two variants or duplicate names */
        public Split {
            checkLabel(label);
            variants = List.copyOf(variants);
            Objects.requireNonNull(winner, "winner rule of split '" + label + "'");
            if (variants.size() < 2) {
                throw new IllegalArgumentException("split '" + label + "' needs at least two variants");
            }
            if (variants.stream().map(Variant::name).distinct().count() != variants.size()) {
                throw new IllegalArgumentException("split '" + label + "' names a variant twice");
            }
            Limits.count("the weights of split '" + label + "' together", variants.stream().mapToLong(Variant::weight).sum());
        }

        /** A split that never picks a winner. */
        public Split(String label, List<Variant> variants) {
            this(label, variants, Optional.empty());
        }

        /**
         * This split picking a winner by the program's conversion goal (the program must have one).
         *
         * @param minimumPerVariant the messages each variant needs, with their goal window ended, before the
         *                          rule decides: {@value WinnerRule#MIN_SAMPLE} to 1,000,000
         * @param confidence        the confidence the winner must be better with, from 0.8 to below 1
         * @throws InvalidDefinitionException naming the split and the limit when a number is out of range
         */
        public Split pickWinner(int minimumPerVariant, double confidence) {
            WinnerRule.check("split '" + label + "'", minimumPerVariant, confidence);
            return new Split(label, variants, Optional.of(new WinnerRule(minimumPerVariant, confidence)));
        }

        @Override
        public String describe() {
            return "split " + String.join(", ", variants.stream()
                    .map(v -> v.name() + " " + v.weight() + " -> " + v.goTo()).toList())
                    + winner.map(w -> ", " + w.describe()).orElse("");
        }
    }

    /**
     * How a {@link Split} picks a winner by its program's conversion goal. The rule looks at the messages
     * of each variant whose goal window has ended (so that each had its full chance to convert); once
     * every variant has at least {@code minimumPerVariant} of them, the variant with the highest
     * conversion rate wins if a one-sided two-proportion z-test finds it better than every other variant
     * at the confidence, corrected for the number of comparisons (Bonferroni: with k variants each test is
     * made at 1 - (1 - confidence) / (k - 1)). Deterministic: the same figures give the same decision.
     * Why this rule: docs/programs.md.
     *
     * @param minimumPerVariant the messages each variant needs before the rule decides:
     *                          {@value #MIN_SAMPLE} to 1,000,000 ({@link Limits#MAX_COUNT})
     * @param confidence        from {@value #MIN_CONFIDENCE} to below 1, such as 0.95
     */
    record WinnerRule(int minimumPerVariant, double confidence) {

        /** The smallest minimum sample per variant: fewer make the normal approximation meaningless. */
        public static final int MIN_SAMPLE = 10;

        /** The lowest confidence a rule may ask for. */
        public static final double MIN_CONFIDENCE = 0.8;

        /** @throws InvalidDefinitionException naming the limit when a number is out of range */
        public WinnerRule {
            check("a winner rule", minimumPerVariant, confidence);
        }

        static void check(String where, int minimumPerVariant, double confidence) {
            if (minimumPerVariant < MIN_SAMPLE || minimumPerVariant > Limits.MAX_COUNT) {
                throw new InvalidDefinitionException(List.of("the minimum per variant of " + where + " must be from "
                        + MIN_SAMPLE + " to " + String.format(java.util.Locale.ROOT, "%,d", Limits.MAX_COUNT)
                        + ", got " + minimumPerVariant));
            }
            if (!(confidence >= MIN_CONFIDENCE && confidence < 1)) {
                throw new InvalidDefinitionException(List.of("the confidence of " + where
                        + " must be from 80% (0.8) to below 100% (1), got " + confidence));
            }
        }

        /** The rule as the language writes it, such as {@code pick winner after 500 per variant at 95%}. */
        public String describe() {
            return "pick winner after " + minimumPerVariant + " per variant at "
                    + java.math.BigDecimal.valueOf(confidence).movePointRight(2).stripTrailingZeros().toPlainString()
                    + "%";
        }
    }

    /**
     * One arm of a {@link Split}.
     *
     * @param name   the variant's name, reported in results
     * @param weight a positive weight
     * @param goTo   the label the variant continues at
     */
    record Variant(String name, int weight, String goTo) {
        /** @throws IllegalArgumentException when the weight is not positive */
        public Variant {
            checkLabel(name);
            checkLabel(goTo);
            Limits.count("the weight of variant '" + name + "'", weight);
            if (weight <= 0) {
                throw new IllegalArgumentException("variant '" + name + "' needs a positive weight, got " + weight);
            }
        }
    }

    /**
     * Sends a message.
     *
     * @param label     the label
     * @param channel   the channel choice
     * @param template  the template id
     * @param data      message data by name
     * @param withLines whether the trigger event's lines go along (cart items S3, bought items S7)
     */
    record Send(String label, ChannelChoice channel, String template, SortedMap<String, Binding> data,
                boolean withLines) implements Step {
        /** Copies the data. */
        public Send {
            checkLabel(label);
            Objects.requireNonNull(channel, "channel");
            checkTemplate(template);
            data = Labels.checkData(data);
        }

        @Override
        public String describe() {
            return "send " + template + " by " + channel.describe();
        }
    }

    /** What an {@link Ask} step asks. */
    enum Question {
        /** Re-confirm a stale attribute (S20). */
        RECONFIRM,
        /** A product or store review (S11). */
        REVIEW,
        /** A 1-5 satisfaction score (S12). */
        SATISFACTION
    }

    /**
     * Asks the customer something; the answer arrives later as an event (attribute confirmed, review,
     * support contact satisfaction). Needs consent for surveys, not marketing.
     *
     * @param label     the label
     * @param question  what is asked
     * @param attribute the attribute to re-confirm; empty for other questions
     * @param channel   the channel choice
     * @param template  the template id
     * @param data      message data by name
     */
    record Ask(String label, Question question, String attribute, ChannelChoice channel, String template,
               SortedMap<String, Binding> data) implements Step {
        /** Validates. */
        public Ask {
            checkLabel(label);
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(attribute, "attribute");
            if (question == Question.RECONFIRM) {
                Attribute.checkName(attribute);
            } else if (!attribute.isEmpty()) {
                throw new IllegalArgumentException("only a re-confirmation names an attribute, got '" + attribute + "'");
            }
            Objects.requireNonNull(channel, "channel");
            checkTemplate(template);
            data = Labels.checkData(data);
        }

        @Override
        public String describe() {
            return "ask " + question.name().toLowerCase(java.util.Locale.ROOT)
                    + (attribute.isEmpty() ? "" : " " + attribute) + " with " + template + " by " + channel.describe();
        }
    }

    /**
     * Sets a customer attribute (source: inferred).
     *
     * @param label the label
     * @param name  the attribute
     * @param value the value
     */
    record SetAttribute(String label, String name, Value value) implements Step {
        /** Validates. */
        public SetAttribute {
            checkLabel(label);
            Attribute.checkName(name);
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String describe() {
            return "set " + name + " = " + Conditions.literal(value);
        }
    }

    /**
     * Removes a customer attribute.
     *
     * @param label the label
     * @param name  the attribute
     */
    record ClearAttribute(String label, String name) implements Step {
        /** Validates. */
        public ClearAttribute {
            checkLabel(label);
            Attribute.checkName(name);
        }

        @Override
        public String describe() {
            return "clear " + name;
        }
    }

    /**
     * Calls an application action through the action SPI (create a service task, print a coupon...).
     *
     * @param label  the label
     * @param action the action's name
     * @param data   data by name
     */
    record CallAction(String label, String action, SortedMap<String, Binding> data) implements Step {
        /** Validates. */
        public CallAction {
            checkLabel(label);
            checkLabel(action);
            data = Labels.checkData(data);
        }

        @Override
        public String describe() {
            return "call " + action;
        }
    }

    /**
     * Continues at another label.
     *
     * @param label  the label
     * @param target the label to continue at
     */
    record GoTo(String label, String target) implements Step {
        /** Validates. */
        public GoTo {
            checkLabel(label);
            checkLabel(target);
        }

        @Override
        public String describe() {
            return "go to " + target;
        }
    }

    /**
     * Ends the program for the customer.
     *
     * @param label the label
     */
    record End(String label) implements Step {
        /** Validates. */
        public End {
            checkLabel(label);
        }

        @Override
        public String describe() {
            return "end";
        }
    }

    /**
     * Checks a template id: a letter, then up to 127 letters, digits, '_', '-', '.' or '/'.
     *
     * @throws IllegalArgumentException naming the bad id
     */
    static String checkTemplate(String template) {
        Objects.requireNonNull(template, "template");
        if (!Labels.TEMPLATE.matcher(template).matches()) {
            throw new IllegalArgumentException("invalid template id '" + template
                    + "': use a letter followed by up to 127 letters, digits, '_', '-', '.' or '/'");
        }
        return template;
    }

    /** Validation shared by the steps. */
    final class Labels {
        static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-]{0,63}");
        static final Pattern TEMPLATE = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-./]{0,127}");

        private Labels() {
        }

        static SortedMap<String, Binding> checkData(Map<String, Binding> data) {
            TreeMap<String, Binding> copy = new TreeMap<>(data);
            copy.keySet().forEach(Step::checkLabel);
            copy.values().forEach(b -> Objects.requireNonNull(b, "binding"));
            return java.util.Collections.unmodifiableSortedMap(copy);
        }
    }
}
