package io.relevans.internal.engine;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;

/** The symbol texts of the things rules refer to by number; only {@link #since} is for other packages. */
public final class SegmentSymbols {
    private SegmentSymbols() {
    }

    static String segment(String name) {
        return "segment:" + name;
    }

    static String attribute(String name) {
        return "attr:" + name;
    }

    static String value(Value v) {
        return "value:" + ValueKeys.key(v);
    }

    static String consent(Channel channel, Purpose purpose) {
        return "consent:" + channel.name() + "/" + purpose.name();
    }

    /** The key of a program's "since trigger" match; the engine inserts it while it has happened. */
    public static String since(String program, io.relevans.definition.EventMatch match) {
        return "since:" + program + ":" + match.describe();
    }

    static String interest(Category category, Interest interest) {
        return "interest:" + category.name() + "/" + interest.name();
    }
}
