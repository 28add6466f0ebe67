package io.relevans.definition;

import io.relevans.customer.Channel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * At most {@code max} messages per customer in any rolling {@code period} (S4): for one program, for
 * one channel, or across all programs. Failed sends do not count. When two programs compete for the
 * last slot, the one with the higher priority wins. A capped message is dropped (suppressed), or, when
 * the cap allows it to wait ({@link #deferUpTo(Duration)}), sent at the next free slot within that
 * time, every guard evaluated again then.
 *
 * @param program the program the cap is for, empty for a channel or global cap
 * @param channel the channel the cap is for, empty for a program or global cap
 * @param max     the number of messages allowed, at least 1
 * @param period  the rolling period
 * @param defer   how long a capped message may wait for a free slot; zero: it is dropped
 */
public record FrequencyCap(Optional<String> program, Optional<Channel> channel, int max, Duration period,
                           Duration defer) {

    /** @throws IllegalArgumentException when max or period are not positive, or both scopes are set */
    public FrequencyCap {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(channel, "channel");
        if (program.isPresent() && channel.isPresent()) {
            throw new IllegalArgumentException("a cap is for a program, a channel or everything, not two of them");
        }
        program.ifPresent(Segment::checkName);
        if (max < 1) {
            throw new IllegalArgumentException("a cap allows at least 1 message, got " + max);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a cap needs a positive period, got " + period);
        }
        Limits.count("the messages a cap allows", max);
        Limits.duration("a cap's period", period);
        Objects.requireNonNull(defer, "defer");
        if (defer.isNegative() || defer.compareTo(period) > 0) {
            throw new InvalidDefinitionException(java.util.List.of("a capped message may wait from 0 up to the cap's period ("
                    + Conditions.duration(period) + "), got " + (defer.isNegative() ? defer.toString() : Conditions.duration(defer))));
        }
    }

    /** A cap whose capped messages are dropped. */
    public FrequencyCap(Optional<String> program, Optional<Channel> channel, int max, Duration period) {
        this(program, channel, max, period, Duration.ZERO);
    }

    /**
     * This cap letting a capped message wait up to {@code defer} for a free slot (S4: rather later than
     * never); at most the cap's period.
     *
     * @throws InvalidDefinitionException when negative or longer than the period
     */
    public FrequencyCap deferUpTo(Duration defer) {
        return new FrequencyCap(program, channel, max, period, defer);
    }

    /** A cap across all programs and channels. */
    public static FrequencyCap overall(int max, Duration period) {
        return new FrequencyCap(Optional.empty(), Optional.empty(), max, period);
    }

    /** A cap for one channel across all programs. */
    public static FrequencyCap perChannel(Channel channel, int max, Duration period) {
        return new FrequencyCap(Optional.empty(), Optional.of(channel), max, period);
    }

    /** A cap for one program across its channels. */
    public static FrequencyCap perProgram(String program, int max, Duration period) {
        return new FrequencyCap(Optional.of(program), Optional.empty(), max, period);
    }

    /** The cap as text, such as {@code at most 2 per 7d on sms}. */
    public String describe() {
        return "at most " + max + " per " + Conditions.duration(period)
                + program.map(p -> " in program " + p).orElse("") + channel.map(c -> " on " + c).orElse("")
                + (defer.isZero() ? "" : ", waiting up to " + Conditions.duration(defer));
    }
}
