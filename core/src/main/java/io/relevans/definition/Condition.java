package io.relevans.definition;

import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A yes/no question about one customer, evaluated by the engine. Build them with {@link Conditions}
 * and {@link Feature}'s comparison methods. A comparison with something the customer lacks (a
 * missing attribute, a feature with no value yet) is false, and so its {@link Not} is true.
 */
public sealed interface Condition permits Condition.AttributeCompare, Condition.AttributePresent,
        Condition.AttributeOlderThan, Condition.FeatureCompare, Condition.InSegment, Condition.HasConsent,
        Condition.DeclaredInterest, Condition.SinceTrigger, Condition.AllOf, Condition.AnyOf, Condition.Not {

    /** At most this many levels of and/or/not. */
    int MAX_DEPTH = 32;

    /** The condition as readable text, such as {@code attribute gender == "female"}. */
    String describe();

    /** The number of nested levels of this condition, 1 for a leaf. */
    default int depth() {
        return 1;
    }

    /**
     * An attribute compared with a value. Text compares with == and != only; numbers and dates order.
     *
     * @param attribute the attribute name
     * @param operator  the comparison
     * @param operand   the value
     */
    record AttributeCompare(String attribute, Operator operator, Value operand) implements Condition {
        /** @throws IllegalArgumentException when the name is invalid or text is ordered */
        public AttributeCompare {
            Attribute.checkName(attribute);
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(operand, "operand");
            if (operator.isOrdering() && (operand instanceof Value.Text || operand instanceof Value.Flag)) {
                throw new IllegalArgumentException("cannot order a " + operand.kind() + ": attribute " + attribute
                        + " " + operator.symbol() + " " + operand.asText()
                        + "; use == or !=, or compare a number or date");
            }
        }

        @Override
        public String describe() {
            return "attribute " + attribute + " " + operator.symbol() + " " + Conditions.literal(operand);
        }
    }

    /**
     * The customer has the attribute, whatever its value.
     *
     * @param attribute the attribute name
     */
    record AttributePresent(String attribute) implements Condition {
        /** @throws IllegalArgumentException when the name is invalid */
        public AttributePresent {
            Attribute.checkName(attribute);
        }

        @Override
        public String describe() {
            return "attribute " + attribute + " present";
        }
    }

    /**
     * The attribute is known but was set or last confirmed longer ago than the age (S20): time to
     * ask again.
     *
     * @param attribute the attribute name
     * @param age       the age it must exceed
     */
    record AttributeOlderThan(String attribute, Duration age) implements Condition {
        /** @throws IllegalArgumentException when the name is invalid or the age negative */
        public AttributeOlderThan {
            Attribute.checkName(attribute);
            Objects.requireNonNull(age, "age");
            if (age.isNegative()) {
                throw new IllegalArgumentException("attribute age must not be negative, got " + age);
            }
            Limits.duration("the age of attribute '" + attribute + "'", age);
        }

        @Override
        public String describe() {
            return "attribute " + attribute + " older than " + Conditions.duration(age);
        }
    }

    /**
     * A feature compared with a number.
     *
     * @param feature  the feature
     * @param operator the comparison
     * @param operand  a finite number
     */
    record FeatureCompare(Feature feature, Operator operator, double operand) implements Condition {
        /** @throws IllegalArgumentException when the operand is not finite */
        public FeatureCompare {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(operator, "operator");
            if (!Double.isFinite(operand)) {
                throw new IllegalArgumentException("feature operand must be finite, got " + operand);
            }
            operand = operand == 0.0 ? 0.0 : operand;
        }

        @Override
        public String describe() {
            return feature.describe() + " " + operator.symbol() + " " + Value.of(operand).asText();
        }
    }

    /**
     * The customer is a member of another segment.
     *
     * @param segment the segment's name
     */
    record InSegment(String segment) implements Condition {
        /** @throws IllegalArgumentException when the name is invalid */
        public InSegment {
            Segment.checkName(segment);
        }

        @Override
        public String describe() {
            return "in segment " + segment;
        }
    }

    /**
     * The customer's newest consent answer for the channel and purpose is "yes".
     *
     * @param channel the channel
     * @param purpose the purpose
     */
    record HasConsent(Channel channel, Purpose purpose) implements Condition {
        /** Never null. */
        public HasConsent {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(purpose, "purpose");
        }

        @Override
        public String describe() {
            return "consent " + channel + " for " + purpose;
        }
    }

    /**
     * The customer declared this interest in the category (S21).
     *
     * @param category the category
     * @param interest interested or not interested
     */
    record DeclaredInterest(Category category, Interest interest) implements Condition {
        /** Never null. */
        public DeclaredInterest {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(interest, "interest");
        }

        @Override
        public String describe() {
            return "declared " + interest.name().toLowerCase(java.util.Locale.ROOT) + " in " + category;
        }
    }

    /**
     * An event that matches happened after the program was triggered for this customer (a purchase
     * since the cart was left, S3). Only meaningful inside programs: segments cannot use it.
     *
     * @param match the events looked for
     */
    record SinceTrigger(EventMatch match) implements Condition {
        /** Never null. */
        public SinceTrigger {
            Objects.requireNonNull(match, "match");
        }

        @Override
        public String describe() {
            return "since trigger " + match.describe();
        }
    }

    /**
     * Every part holds.
     *
     * @param parts at least one condition
     */
    record AllOf(List<Condition> parts) implements Condition {
        /** @throws IllegalArgumentException when empty or nested too deep */
        public AllOf {
            parts = Conditions.checkParts("all of", parts);
        }

        @Override
        public String describe() {
            return "(" + parts.stream().map(Condition::describe).collect(Collectors.joining(" and ")) + ")";
        }

        @Override
        public int depth() {
            return 1 + parts.stream().mapToInt(Condition::depth).max().orElse(0);
        }
    }

    /**
     * At least one part holds.
     *
     * @param parts at least one condition
     */
    record AnyOf(List<Condition> parts) implements Condition {
        /** @throws IllegalArgumentException when empty or nested too deep */
        public AnyOf {
            parts = Conditions.checkParts("any of", parts);
        }

        @Override
        public String describe() {
            return "(" + parts.stream().map(Condition::describe).collect(Collectors.joining(" or ")) + ")";
        }

        @Override
        public int depth() {
            return 1 + parts.stream().mapToInt(Condition::depth).max().orElse(0);
        }
    }

    /**
     * The part does not hold.
     *
     * @param part the negated condition
     */
    record Not(Condition part) implements Condition {
        /** @throws IllegalArgumentException when nested too deep */
        public Not {
            Objects.requireNonNull(part, "negated condition");
            if (part.depth() >= MAX_DEPTH) {
                throw new IllegalArgumentException("conditions are limited to " + MAX_DEPTH + " nested levels");
            }
        }

        @Override
        public String describe() {
            return "not " + part.describe();
        }

        @Override
        public int depth() {
            return 1 + part.depth();
        }
    }
}
