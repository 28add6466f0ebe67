package io.relevans.definition;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Factories for {@link Condition}s, meant for static import:
 *
 * <pre>{@code
 * allOf(attribute("gender").is("female"),
 *       Features.count(EventType.PURCHASE).within(Window.days(90)).atLeast(2),
 *       not(inSegment("complainers")))
 * }</pre>
 */
public final class Conditions {

    private Conditions() {
    }

    /** Starts a condition on an attribute. */
    public static AttributeTest attribute(String name) {
        return new AttributeTest(name);
    }

    /** The customer is in the named segment. */
    public static Condition inSegment(String segment) {
        return new Condition.InSegment(segment);
    }

    /** The customer said yes to the channel for the purpose. */
    public static Condition hasConsent(Channel channel, Purpose purpose) {
        return new Condition.HasConsent(channel, purpose);
    }

    /** The customer declared an interest in the category. */
    public static Condition interestedIn(String category) {
        return new Condition.DeclaredInterest(Category.of(category), Interest.INTERESTED);
    }

    /** The customer declared the category is not for them (S21). */
    public static Condition notInterestedIn(String category) {
        return new Condition.DeclaredInterest(Category.of(category), Interest.NOT_INTERESTED);
    }

    /** An event that matches happened since the program started for the customer. */
    public static Condition sinceTrigger(EventMatch match) {
        return new Condition.SinceTrigger(match);
    }

    /** Every part holds. */
    public static Condition allOf(Condition... parts) {
        return new Condition.AllOf(List.of(parts));
    }

    /** At least one part holds. */
    public static Condition anyOf(Condition... parts) {
        return new Condition.AnyOf(List.of(parts));
    }

    /** The part does not hold. */
    public static Condition not(Condition part) {
        return new Condition.Not(part);
    }

    static List<Condition> checkParts(String what, List<Condition> parts) {
        List<Condition> copy = List.copyOf(parts);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one condition");
        }
        if (copy.stream().mapToInt(Condition::depth).max().orElse(0) >= Condition.MAX_DEPTH) {
            throw new IllegalArgumentException("conditions are limited to " + Condition.MAX_DEPTH + " nested levels");
        }
        return copy;
    }

    static String literal(Value v) {
        if (v instanceof Value.Text) {
            return "\"" + v.asText().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v instanceof Value.Date) {
            return "date " + v.asText();
        }
        return v.asText();
    }

    static String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }

    /** Conditions on one attribute; obtained from {@link Conditions#attribute(String)}. */
    public static final class AttributeTest {
        private final String name;

        private AttributeTest(String name) {
            this.name = Objects.requireNonNull(name, "attribute name");
        }

        /** The attribute equals the text. */
        public Condition is(String value) {
            return new Condition.AttributeCompare(name, Operator.EQ, Value.of(value));
        }

        /** The attribute equals the flag. */
        public Condition is(boolean value) {
            return new Condition.AttributeCompare(name, Operator.EQ, Value.of(value));
        }

        /** The attribute is known and differs from the text. */
        public Condition isNot(String value) {
            return new Condition.AttributeCompare(name, Operator.NE, Value.of(value));
        }

        /** The attribute compares to the number with the operator. */
        public Condition is(Operator operator, double value) {
            return new Condition.AttributeCompare(name, operator, Value.of(value));
        }

        /** The attribute compares to the date with the operator. */
        public Condition is(Operator operator, LocalDate value) {
            return new Condition.AttributeCompare(name, operator, Value.of(value));
        }

        /** The attribute is known. */
        public Condition present() {
            return new Condition.AttributePresent(name);
        }

        /** The attribute is known and older than the age (S20). */
        public Condition olderThan(Duration age) {
            return new Condition.AttributeOlderThan(name, age);
        }
    }
}
