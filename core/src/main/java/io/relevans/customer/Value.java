package io.relevans.customer;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A scalar value of an attribute or an event property: text, a number, a yes/no flag or a date.
 * Values compare by content; numbers are finite doubles.
 */
public sealed interface Value permits Value.Text, Value.Number, Value.Flag, Value.Date {

    /** A text value. */
    static Value of(String text) {
        return new Text(text);
    }

    /** A number value. */
    static Value of(double number) {
        return new Number(number);
    }

    /** A yes/no value. */
    static Value of(boolean flag) {
        return new Flag(flag);
    }

    /** A calendar date value. */
    static Value of(LocalDate date) {
        return new Date(date);
    }

    /** The number this value stands for, or NaN when it is text; flags are 1 or 0, dates their epoch day. */
    double asNumber();

    /** The value as text, as it is written in JSON and definitions. */
    String asText();

    /** A short name of the kind of value, for error messages: text, number, flag or date. */
    String kind();

    /**
     * Text value.
     *
     * @param value at most 10,000 characters
     */
    record Text(String value) implements Value {
        /** @throws IllegalArgumentException when longer than 10,000 characters */
        public Text {
            Objects.requireNonNull(value, "text");
            if (value.length() > 10_000) {
                throw new IllegalArgumentException("text values are limited to 10000 characters, got "
                        + value.length());
            }
        }

        @Override
        public double asNumber() {
            return Double.NaN;
        }

        @Override
        public String asText() {
            return value;
        }

        @Override
        public String kind() {
            return "text";
        }
    }

    /**
     * Number value.
     *
     * @param value a finite number
     */
    record Number(double value) implements Value {
        /** @throws IllegalArgumentException when NaN or infinite */
        public Number {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("numbers must be finite, got " + value);
            }
            if (value == 0.0) {
                value = 0.0; // one zero: -0.0 and 0.0 are the same value
            }
        }

        @Override
        public double asNumber() {
            return value;
        }

        @Override
        public String asText() {
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value) : Double.toString(value);
        }

        @Override
        public String kind() {
            return "number";
        }
    }

    /**
     * Yes/no value.
     *
     * @param value the flag
     */
    record Flag(boolean value) implements Value {
        @Override
        public double asNumber() {
            return value ? 1 : 0;
        }

        @Override
        public String asText() {
            return Boolean.toString(value);
        }

        @Override
        public String kind() {
            return "flag";
        }
    }

    /**
     * Calendar date value, such as a birthday.
     *
     * @param value the date
     */
    record Date(LocalDate value) implements Value {
        /** Never null. */
        public Date {
            Objects.requireNonNull(value, "date");
        }

        @Override
        public double asNumber() {
            return value.toEpochDay();
        }

        @Override
        public String asText() {
            return value.toString();
        }

        @Override
        public String kind() {
            return "date";
        }
    }
}
