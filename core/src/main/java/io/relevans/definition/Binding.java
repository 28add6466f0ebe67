package io.relevans.definition;

import io.relevans.customer.Attribute;
import io.relevans.customer.Value;
import java.util.Objects;

/**
 * Where a value in a message's data comes from: a property of the event that started the program (the
 * category bought, the store visited), a customer attribute (a first name), or a constant.
 */
public sealed interface Binding permits Binding.TriggerProperty, Binding.CustomerAttribute, Binding.Constant {

    /** The binding as text. */
    String describe();

    /**
     * A property of the trigger event, including {@code total} and {@code line.*} of the first line that
     * passed the trigger's line filters (the first line when it has none).
     */
    static Binding trigger(String property) {
        return new TriggerProperty(property);
    }

    /** A customer attribute. */
    static Binding attribute(String name) {
        return new CustomerAttribute(name);
    }

    /** A constant. */
    static Binding constant(Value value) {
        return new Constant(value);
    }

    /**
     * A property of the trigger event.
     *
     * @param property the property name, as for {@link PropertyFilter}
     */
    record TriggerProperty(String property) implements Binding {
        /** Validates the name. */
        public TriggerProperty {
            new PropertyFilter(property, Operator.EQ, Value.of(0));
        }

        @Override
        public String describe() {
            return "trigger." + property;
        }

        /**
         * Whether the property names a product or its category ({@code sku}, {@code category},
         * {@code price} and their {@code line.} forms): a message it is bound into carries the trigger
         * product's category, which the guards then look at.
         */
        public boolean isProductData() {
            return switch (property) {
                case "sku", "category", "price", "line.sku", "line.category", "line.price" -> true;
                default -> false;
            };
        }
    }

    /**
     * A customer attribute.
     *
     * @param name the attribute name
     */
    record CustomerAttribute(String name) implements Binding {
        /** Validates the name. */
        public CustomerAttribute {
            Attribute.checkName(name);
        }

        @Override
        public String describe() {
            return "customer." + name;
        }
    }

    /**
     * A constant.
     *
     * @param value the value
     */
    record Constant(Value value) implements Binding {
        /** Never null. */
        public Constant {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String describe() {
            return Conditions.literal(value);
        }
    }
}
